package dev.skein.generation.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.skein.contracts.TokenLogprob;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI-style streamed chat completion, one line of the server-sent-event body
 * at a time: {@code data:} lines hold JSON chunks whose {@code choices[0].delta.content}
 * is the next piece of the reply, a blank line ends an event, and {@code data: [DONE]}
 * ends the stream. Not thread-safe: feed it from one thread at a time.
 */
final class ChatStreamParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Consumer<String> onDelta;

    private final StringBuilder data = new StringBuilder();

    private boolean hasData;

    private final StringBuilder content = new StringBuilder();

    private Integer promptTokens;

    private Integer completionTokens;

    private String finishReason;

    private boolean done;

    private final List<TokenLogprob> logprobs = new ArrayList<>();

    ChatStreamParser(Consumer<String> onDelta) {
        this.onDelta = onDelta;
    }

    /** One line of the body, without its line terminator. */
    void accept(String line) {
        if (this.done) {
            return;
        }
        if (line.isEmpty()) {
            dispatch();
        }
        else if (line.startsWith("data:")) {
            String value = line.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (this.hasData) {
                this.data.append('\n');
            }
            this.data.append(value);
            this.hasData = true;
        }
        // ":" comments (keep-alives) and event:, id:, retry: fields carry nothing a chat
        // stream needs
    }

    /** The body ended: an event not yet closed by a blank line still counts. */
    void endOfBody() {
        if (!this.done) {
            dispatch();
        }
    }

    /**
     * True once the server said the reply is complete ({@code [DONE]} or a finish
     * reason).
     */
    boolean complete() {
        return this.done || this.finishReason != null;
    }

    boolean done() {
        return this.done;
    }

    ChatCompletion completion() {
        return new ChatCompletion(this.content.toString(), this.promptTokens, this.completionTokens,
                List.copyOf(this.logprobs));
    }

    private void dispatch() {
        if (!this.hasData) {
            return;
        }
        String payload = this.data.toString();
        this.data.setLength(0);
        this.hasData = false;
        if (payload.strip().equals("[DONE]")) {
            this.done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(payload);
        }
        catch (JacksonException ex) {
            throw new LlmCallFailed("malformed stream from the LLM", ex);
        }
        if (chunk.has("error")) {
            throw new LlmCallFailed("the LLM reported an error");
        }
        JsonNode usage = chunk.path("usage");
        if (usage.isObject()) {
            this.promptTokens = intOrNull(usage.path("prompt_tokens"));
            this.completionTokens = intOrNull(usage.path("completion_tokens"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode piece = choice.path("delta").path("content");
        if (piece.isString() && !piece.stringValue().isEmpty()) {
            this.content.append(piece.stringValue());
            this.onDelta.accept(piece.stringValue());
        }
        addLogprobs(choice, this.logprobs);
        JsonNode finish = choice.path("finish_reason");
        if (finish.isString()) {
            this.finishReason = finish.stringValue();
        }
    }

    /**
     * {@code choice.logprobs.content[]} of a response or chunk, as OpenAI and vLLM send
     * them.
     */
    static void addLogprobs(JsonNode choice, List<TokenLogprob> into) {
        for (JsonNode item : choice.path("logprobs").path("content")) {
            JsonNode token = item.path("token");
            JsonNode logprob = item.path("logprob");
            if (token.isString() && logprob.isNumber()) {
                into.add(new TokenLogprob(token.stringValue(), logprob.asDouble()));
            }
        }
    }

    static Integer intOrNull(JsonNode node) {
        return node.isIntegralNumber() ? node.asInt() : null;
    }

}
