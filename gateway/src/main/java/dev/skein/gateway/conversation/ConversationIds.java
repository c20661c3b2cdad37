package dev.skein.gateway.conversation;

import java.util.regex.Pattern;

import dev.skein.platform.web.ValidationException;

/** Client-chosen conversation ids: safe in URLs, logs and Kafka keys. */
public final class ConversationIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private ConversationIds() {
    }

    public static boolean valid(String conversationId) {
        return conversationId != null && VALID.matcher(conversationId).matches();
    }

    public static String require(String conversationId) {
        if (!valid(conversationId)) {
            throw new ValidationException("conversationId", "must match [A-Za-z0-9._:-]{1,128}");
        }
        return conversationId;
    }

}
