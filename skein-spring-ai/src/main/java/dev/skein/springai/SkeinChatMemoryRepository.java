package dev.skein.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.UserMessage;

import dev.skein.client.NewTail;
import dev.skein.client.SkeinClient;
import dev.skein.client.StoredMessage;
import dev.skein.client.UserResolver;

/**
 * A {@link ChatMemoryRepository} whose messages live in Skein. Spring AI's
 * {@code MessageWindowChatMemory} reads the latest messages and saves its whole window
 * after each change; Skein keeps every message instead of replacing them, so the messages
 * that leave the window stay in Skein's memory, where {@link SkeinRecallAdvisor} finds
 * them again. Messages are stored through the import endpoint: stored, never answered by
 * Skein (the app's own model answers).
 *
 * <p>
 * With a {@link UserResolver}, each conversation is stored as a conversation of the user
 * it names, so that Skein's recall (and {@link SkeinRecallAdvisor}) spans the user's
 * conversations.
 *
 * <p>
 * Only user and assistant messages are kept: the system prompt is the app's, sent with
 * every call, and tool messages are the app's plumbing.
 */
public class SkeinChatMemoryRepository implements ChatMemoryRepository {

    /** Metadata key of the Skein message id on a message this repository returns. */
    public static final String MESSAGE_ID = "skeinMessageId";

    /** Metadata key of the message's sequence in its conversation. */
    public static final String SEQUENCE = "skeinSequence";

    private static final String EXTERNAL_ID_PREFIX = "spring-ai";

    private final SkeinClient skein;

    private final int recentMessages;

    private final UserResolver users;

    /**
     * @param recentMessages how many of the latest messages {@link #findByConversationId}
     * returns; at least the window of the chat memory
     */
    public SkeinChatMemoryRepository(SkeinClient skein, int recentMessages) {
        this(skein, recentMessages, UserResolver.none());
    }

    /**
     * @param recentMessages how many of the latest messages {@link #findByConversationId}
     * returns; at least the window of the chat memory
     * @param users the user each conversation belongs to
     */
    public SkeinChatMemoryRepository(SkeinClient skein, int recentMessages, UserResolver users) {
        this.skein = skein;
        this.recentMessages = recentMessages;
        this.users = users == null ? UserResolver.none() : users;
    }

    /**
     * Every conversation of the API key's tenant, newest activity first (Skein's
     * {@code GET /v1/conversations}, read page by page): those this repository saved, and
     * any other the tenant holds.
     */
    @Override
    public List<String> findConversationIds() {
        return this.skein.conversationIds();
    }

    /** The latest user and assistant messages, oldest first. */
    @Override
    public List<Message> findByConversationId(String conversationId) {
        List<Message> messages = new ArrayList<>();
        for (StoredMessage stored : this.skein.recentMessages(conversationId, this.recentMessages)) {
            Map<String, Object> metadata = Map.of(MESSAGE_ID, stored.messageId().toString(), SEQUENCE,
                    stored.sequence());
            if ("user".equals(stored.role())) {
                messages.add(UserMessage.builder().text(stored.content()).metadata(metadata).build());
            }
            else if ("assistant".equals(stored.role())) {
                messages.add(AssistantMessage.builder().content(stored.content()).properties(metadata).build());
            }
        }
        return messages;
    }

    /**
     * Stores the messages of the window that Skein does not hold yet; never deletes: what
     * left the window is still memory. Sent again, stores nothing twice. The conversation
     * gets the user the {@link UserResolver} names for it.
     */
    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        List<NewTail.Entry> window = entries(messages);
        NewTail.save(this.skein, EXTERNAL_ID_PREFIX, conversationId, this.users.userId(conversationId), window);
    }

    /** Erases the conversation and everything Skein remembers of it. */
    @Override
    public void deleteByConversationId(String conversationId) {
        this.skein.deleteConversation(conversationId);
    }

    private static List<NewTail.Entry> entries(List<Message> messages) {
        List<NewTail.Entry> entries = new ArrayList<>();
        for (Message message : messages) {
            String text = message.getText();
            if (text == null || text.isBlank()) {
                continue;
            }
            if (message.getMessageType() == MessageType.USER) {
                entries.add(new NewTail.Entry("user", text));
            }
            else if (message.getMessageType() == MessageType.ASSISTANT) {
                entries.add(new NewTail.Entry("assistant", text));
            }
        }
        return entries;
    }

}
