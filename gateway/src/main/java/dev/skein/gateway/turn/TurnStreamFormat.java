package dev.skein.gateway.turn;

import java.util.List;
import java.util.Map;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * How a streamed turn is written as server-sent events: Skein's own
 * {@code delta}/{@code reply}/ {@code error} events, or OpenAI's
 * {@code chat.completion.chunk}s. One instance serves one turn.
 */
public interface TurnStreamFormat {

    /** Events sent as soon as the turn is registered, before any reply arrives. */
    default List<SseEventBuilder> opening() {
        return List.of();
    }

    /** One piece of the reply; called once per index, in index order. */
    SseEventBuilder delta(int index, String text);

    /**
     * The last events of a turn whose reply was stored.
     * @param streamed the concatenated delta texts already sent, so a format can send
     * what is missing
     */
    List<SseEventBuilder> completed(TurnAnswer answer, String streamed);

    /**
     * The last events of a turn that failed; {@code problem} holds the RFC 9457 members.
     */
    List<SseEventBuilder> failed(Map<String, Object> problem);

}
