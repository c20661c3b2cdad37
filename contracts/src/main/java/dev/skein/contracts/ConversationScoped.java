package dev.skein.contracts;

/**
 * An event that carries what people said in one conversation (content, speakers,
 * metadata, or text derived from them). On the wire it is encrypted as a whole with the
 * conversation's data key, so erasing the conversation (deleting the key) makes every
 * copy of it unreadable: in a topic, a dead-letter topic, a retry or a backup
 * (docs/erasure.md). Events without conversation data, such as
 * {@link ConversationErased}, stay in clear: they must be readable after the key is gone.
 */
public interface ConversationScoped extends SkeinEvent {

}
