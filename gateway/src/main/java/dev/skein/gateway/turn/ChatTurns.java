package dev.skein.gateway.turn;

import dev.skein.platform.kafka.EventPublisher;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.TurnRequested;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.Problems;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The one turn path: registers the turn, produces {@code chat.turn-requested.v1} and
 * hands back what the client waits on. Every chat API (Skein's own, the OpenAI-compatible
 * one) goes through here and differs only in how the answer is shaped.
 */
@Component
public class ChatTurns {

    private final PendingTurns turns;

    private final EventPublisher publisher;

    ChatTurns(PendingTurns turns, EventPublisher publisher) {
        this.turns = turns;
        this.publisher = publisher;
    }

    /**
     * A turn answered with one JSON response: the future resolves to a
     * {@code ResponseEntity} whose body is {@code body} applied to the answer, or fails
     * with a problem.
     */
    public CompletableFuture<Object> answer(String tenantId, String conversationId, MessageInput message,
            Function<TurnAnswer, ?> body) {
        UUID turnId = UUID.randomUUID();
        // Registered before the request is produced: the reply can arrive before send()
        // returns.
        AwaitedTurn pending = this.turns.await(turnId, tenantId, body);
        request(tenantId, conversationId, turnId, message, false);
        return pending.response();
    }

    /**
     * A streamed turn.
     * @param instance the request URI, the {@code instance} of a problem sent in the
     * stream
     * @param format makes the events of this turn from its id
     */
    public SseEmitter stream(String tenantId, String conversationId, MessageInput message, String instance,
            Function<UUID, TurnStreamFormat> format) {
        UUID turnId = UUID.randomUUID();
        StreamedTurn pending = this.turns.stream(turnId, tenantId, instance, format.apply(turnId));
        request(tenantId, conversationId, turnId, message, true);
        return pending.emitter();
    }

    private void request(String tenantId, String conversationId, UUID turnId, MessageInput message, boolean stream) {
        TurnRequested requested = new TurnRequested(UUID.randomUUID(), Instant.now(), tenantId, conversationId, turnId,
                message, stream);
        try {
            this.publisher.publishAsync(requested, Correlation.current()).whenComplete((result, error) -> {
                if (error != null) {
                    this.turns.fail(turnId, Problems.upstreamUnavailable());
                }
            });
        }
        catch (RuntimeException ex) {
            // send() itself failed (no metadata within max.block.ms): nothing was
            // produced.
            this.turns.fail(turnId, Problems.upstreamUnavailable());
        }
    }

}
