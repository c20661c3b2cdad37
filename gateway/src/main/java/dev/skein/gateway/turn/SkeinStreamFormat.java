package dev.skein.gateway.turn;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * The stream of {@code POST /v1/conversations/{id}/messages}: {@code delta}* then
 * {@code reply} or {@code error}.
 */
final class SkeinStreamFormat implements TurnStreamFormat {

    @Override
    public SseEventBuilder delta(int index, String text) {
        return SseEmitter.event().name("delta").data(Map.of("index", index, "text", text), MediaType.APPLICATION_JSON);
    }

    @Override
    public List<SseEventBuilder> completed(TurnAnswer answer, String streamed) {
        // Deltas still missing are not sent: the reply event carries the whole content.
        return List.of(SseEmitter.event().name("reply").data(answer, MediaType.APPLICATION_JSON));
    }

    @Override
    public List<SseEventBuilder> failed(Map<String, Object> problem) {
        return List.of(SseEmitter.event().name("error").data(problem, MediaType.APPLICATION_JSON));
    }

}
