package dev.skein.gateway.turn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Sampling;
import dev.skein.contracts.TurnRequested;
import dev.skein.gateway.idempotency.IdempotencyKeys;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.kafka.EventPublisher;
import dev.skein.platform.web.Problems;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The one turn path: registers the turn, produces {@code chat.turn-requested.v1} and
 * hands back what the client waits on. Every chat API (Skein's own, the OpenAI-compatible
 * one) goes through here and differs only in how the answer is shaped.
 *
 * <p>
 * A turn sent again (same externalId, or same Idempotency-Key) gets the same turn id, so
 * it waits for the same outcome, and the memory-service answers it with the first reply
 * instead of storing and generating anything again.
 */
@Component
public class ChatTurns {

    private final PendingTurns turns;

    private final EventPublisher publisher;

    private final IdempotencyKeys keys;

    ChatTurns(PendingTurns turns, EventPublisher publisher, IdempotencyKeys keys) {
        this.turns = turns;
        this.publisher = publisher;
        this.keys = keys;
    }

    /**
     * The id of this turn: derived from the message's externalId and content when it has
     * an externalId (so a copy with the same content is the same turn, and one with other
     * content is another turn that the memory-service refuses as a conflict), else the id
     * the first request with this Idempotency-Key got, else a new one.
     * @param idempotencyKey the header, null when absent
     * @param operation the endpoint and conversation, so a key is bound to one of them
     * @param request what the request asks for, as compared for the Idempotency-Key
     */
    public UUID turnId(String tenantId, String conversationId, MessageInput message, @Nullable String idempotencyKey,
            String operation, Object request) {
        UUID turnId = message.externalId() != null ? fromExternalId(tenantId, conversationId, message)
                : UUID.randomUUID();
        return this.keys.claim(tenantId, idempotencyKey, operation, request, turnId);
    }

    /**
     * A turn answered with one JSON response: the future resolves to a
     * {@code ResponseEntity} whose body is {@code body} applied to the answer, or fails
     * with a problem.
     */
    public CompletableFuture<Object> answer(String tenantId, String conversationId, UUID turnId, MessageInput message,
            Function<TurnAnswer, ?> body) {
        return answer(tenantId, conversationId, turnId, message, null, body);
    }

    /** {@link #answer} with the client's sampling options for the LLM, or null. */
    public CompletableFuture<Object> answer(String tenantId, String conversationId, UUID turnId, MessageInput message,
            @Nullable Sampling sampling, Function<TurnAnswer, ?> body) {
        return answer(tenantId, conversationId, null, turnId, message, sampling, body);
    }

    /**
     * {@link #answer} in a conversation of a user (null: as the conversation is); a
     * conversation of another user is answered with a 409 naming {@code userId}.
     */
    public CompletableFuture<Object> answer(String tenantId, String conversationId, @Nullable String userId,
            UUID turnId, MessageInput message, @Nullable Sampling sampling, Function<TurnAnswer, ?> body) {
        // Registered before the request is produced: the reply can arrive before send()
        // returns.
        AwaitedTurn pending = this.turns.await(turnId, tenantId, body);
        request(tenantId, conversationId, userId, turnId, message, false, sampling, pending);
        return pending.response();
    }

    /**
     * A streamed turn.
     * @param instance the request URI, the {@code instance} of a problem sent in the
     * stream
     * @param format makes the events of this turn from its id
     */
    public SseEmitter stream(String tenantId, String conversationId, UUID turnId, MessageInput message, String instance,
            Function<UUID, TurnStreamFormat> format) {
        return stream(tenantId, conversationId, turnId, message, null, instance, format);
    }

    /** {@link #stream} with the client's sampling options for the LLM, or null. */
    public SseEmitter stream(String tenantId, String conversationId, UUID turnId, MessageInput message,
            @Nullable Sampling sampling, String instance, Function<UUID, TurnStreamFormat> format) {
        return stream(tenantId, conversationId, null, turnId, message, sampling, instance, format);
    }

    /** {@link #stream} in a conversation of a user (null: as the conversation is). */
    public SseEmitter stream(String tenantId, String conversationId, @Nullable String userId, UUID turnId,
            MessageInput message, @Nullable Sampling sampling, String instance,
            Function<UUID, TurnStreamFormat> format) {
        StreamedTurn pending = this.turns.stream(turnId, tenantId, instance, format.apply(turnId));
        request(tenantId, conversationId, userId, turnId, message, true, sampling, pending);
        return pending.emitter();
    }

    private void request(String tenantId, String conversationId, @Nullable String userId, UUID turnId,
            MessageInput message, boolean stream, @Nullable Sampling sampling, PendingTurn pending) {
        TurnRequested requested = new TurnRequested(UUID.randomUUID(), Instant.now(), tenantId, conversationId, turnId,
                message, stream, sampling == null || sampling.isEmpty() ? null : sampling, userId);
        try {
            this.publisher.publishAsync(requested, Correlation.current()).whenComplete((result, error) -> {
                if (error != null) {
                    this.turns.fail(turnId, pending, Problems.upstreamUnavailable());
                }
            });
        }
        catch (RuntimeException ex) {
            // send() itself failed (no metadata within max.block.ms): nothing was
            // produced.
            this.turns.fail(turnId, pending, Problems.upstreamUnavailable());
        }
    }

    /**
     * Stable for one tenant, conversation, externalId, role and content: the content is
     * part of it so that a copy with other content cannot end the first turn's wait.
     */
    static UUID fromExternalId(String tenantId, String conversationId, MessageInput message) {
        return UUID.nameUUIDFromBytes(("turn\n" + tenantId + "\n" + conversationId + "\n" + message.externalId() + "\n"
                + sha256(message.role() + "\n" + message.content()))
            .getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

}
