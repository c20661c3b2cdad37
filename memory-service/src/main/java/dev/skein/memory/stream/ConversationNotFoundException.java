package dev.skein.memory.stream;

/** No conversation with this id for this tenant (another tenant's conversation is not found either). */
public class ConversationNotFoundException extends RuntimeException {

    public ConversationNotFoundException(String tenantId, String conversationId) {
        super("Conversation " + conversationId + " not found");
    }
}
