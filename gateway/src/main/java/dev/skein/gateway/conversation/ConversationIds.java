package dev.skein.gateway.conversation;

import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.ValidationException;

/**
 * Client-chosen conversation ids: safe in URLs, logs and Kafka keys ({@link ClientIds}).
 */
public final class ConversationIds {

    private ConversationIds() {
    }

    public static boolean valid(String conversationId) {
        return ClientIds.valid(conversationId);
    }

    public static String require(String conversationId) {
        if (!valid(conversationId)) {
            throw new ValidationException("conversationId", ClientIds.RULE);
        }
        return conversationId;
    }

}
