package dev.skein.contracts.internal;

import java.util.List;
import java.util.UUID;

import dev.skein.contracts.MessageInput;
import org.jspecify.annotations.Nullable;

/**
 * Messages to append to a conversation without a reply (memory-service
 * {@code messages:import}).
 *
 * @param requestId the request's identity when it may be sent again (the gateway's
 * {@code Idempotency-Key}): the message ids are derived from it, so the same request
 * stores its messages once and is answered as the first time; null for random ids
 * @param userId the user the conversation belongs to, or null: set when the conversation
 * has none yet, a conflict when it has another
 */
public record ImportRequest(List<MessageInput> messages, @Nullable UUID requestId, @Nullable String userId) {

    public ImportRequest(List<MessageInput> messages, @Nullable UUID requestId) {
        this(messages, requestId, null);
    }

    public ImportRequest(List<MessageInput> messages) {
        this(messages, null, null);
    }

}
