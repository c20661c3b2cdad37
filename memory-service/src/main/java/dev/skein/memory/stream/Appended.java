package dev.skein.memory.stream;

/**
 * The outcome of an append: the stored message and the conversation after it.
 * {@code duplicate} means the message was already in the stream (same id or external id)
 * and nothing was written.
 *
 * @param notes what the append noted of the message (key phrases, supersessions); null
 * for a duplicate
 */
public record Appended(StoredMessage message, boolean duplicate, Conversation conversation, MessageNotes notes) {
}
