package dev.skein.gateway.openai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.gateway.turn.TurnAnswer;
import dev.skein.gateway.turn.TurnStreamFormat;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * OpenAI's stream: unnamed {@code data:} events (OpenAI SDKs skip named ones), a role
 * chunk, one content chunk per delta, a chunk with {@code finish_reason: "stop"}, then
 * {@code data: [DONE]}. A failure after the 200 was sent is {@code data: {"error":
 * {...}}}, which OpenAI SDKs raise as an exception; the error object holds the RFC 9457
 * members plus OpenAI's {@code message}.
 */
final class OpenAiStreamFormat implements TurnStreamFormat {

    private final String id;

    private final String model;

    private final long created;

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final JsonMapper json;

    OpenAiStreamFormat(UUID turnId, String model, long created, JsonMapper json) {
        this.json = json;
        this.id = ChatCompletionsController.id(turnId);
        this.model = model;
        this.created = created;
    }

    @Override
    public List<SseEventBuilder> opening() {
        return List.of(chunk(new ChatCompletionChunk.Delta("assistant", null), null, null, null));
    }

    @Override
    public SseEventBuilder delta(int index, String text) {
        return chunk(new ChatCompletionChunk.Delta(null, text), null, null, null);
    }

    @Override
    public List<SseEventBuilder> completed(TurnAnswer answer, String streamed) {
        List<SseEventBuilder> events = new ArrayList<>();
        String content = answer.reply().content() == null ? "" : answer.reply().content();
        // A reply that was not (fully) streamed, e.g. when deltas were lost: send the
        // rest, so that
        // the concatenated deltas always equal the stored reply.
        if (content.startsWith(streamed) && content.length() > streamed.length()) {
            events.add(
                    chunk(new ChatCompletionChunk.Delta(null, content.substring(streamed.length())), null, null, null));
        }
        events.add(chunk(new ChatCompletionChunk.Delta(null, null), "stop",
                ChatCompletion.CompletionUsage.of(answer.usage()), SkeinDetails.of(answer)));
        events.add(done());
        return events;
    }

    @Override
    public List<SseEventBuilder> failed(Map<String, Object> problem) {
        return List.of(data(OpenAiErrors.of(problem)), done());
    }

    private SseEventBuilder chunk(ChatCompletionChunk.Delta delta, String finishReason,
            ChatCompletion.CompletionUsage usage, SkeinDetails skein) {
        ChatCompletionChunk chunk = new ChatCompletionChunk(this.id, "chat.completion.chunk", this.created, this.model,
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason)), usage, skein);
        return data(chunk);
    }

    /**
     * {@code data: <json>}, with the space OpenAI sends: Spring writes {@code data:} and
     * then the data as given, so the JSON is written here, after a space. JSON text has
     * no line breaks, so it is one data line.
     */
    private SseEventBuilder data(Object value) {
        return SseEmitter.event().data(" " + this.json.writeValueAsString(value), TEXT);
    }

    private static SseEventBuilder done() {
        return SseEmitter.event().data(" [DONE]", TEXT);
    }

}
