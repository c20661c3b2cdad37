package dev.skein.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import dev.skein.client.NewTail;
import dev.skein.client.SkeinClient;
import dev.skein.client.StoredMessage;
import dev.skein.client.UserResolver;

/**
 * A LangChain4j {@link ChatMemoryStore} whose messages live in Skein; the memory id is
 * the Skein conversation id ({@code toString()}). A chat memory such as
 * {@code MessageWindowChatMemory} hands {@link #updateMessages} its whole window after
 * every change; Skein keeps every message instead of replacing them, so only the new tail
 * is stored (through the import endpoint, with stable externalIds: sent again, it stores
 * nothing twice), and what leaves the window stays in Skein's memory, where
 * {@link SkeinContentRetriever} finds it.
 *
 * <p>
 * With a {@link UserResolver} (given the memory id's {@code toString()}), each
 * conversation is stored as a conversation of the user it names, so that Skein's recall
 * (and {@link SkeinContentRetriever#perMemoryId(SkeinClient, int, UserResolver)}) spans
 * the user's conversations.
 *
 * <p>
 * User messages with text and AI messages with text are stored. The system message is the
 * app's instructions, not conversation: it is kept in this store's memory only (the AI
 * service sends it again with every call), and tool calls and results are not kept.
 */
public class SkeinChatMemoryStore implements ChatMemoryStore {

    private static final String EXTERNAL_ID_PREFIX = "langchain4j";

    private final SkeinClient skein;

    private final int recentMessages;

    private final UserResolver users;

    private final Map<String, SystemMessage> systemMessages = new ConcurrentHashMap<>();

    /**
     * @param recentMessages how many of the latest messages {@link #getMessages} returns;
     * at least the chat memory's window
     */
    public SkeinChatMemoryStore(SkeinClient skein, int recentMessages) {
        this(skein, recentMessages, UserResolver.none());
    }

    /**
     * @param recentMessages how many of the latest messages {@link #getMessages} returns;
     * at least the chat memory's window
     * @param users the user each conversation (memory id) belongs to
     */
    public SkeinChatMemoryStore(SkeinClient skein, int recentMessages, UserResolver users) {
        this.skein = skein;
        this.recentMessages = recentMessages;
        this.users = users == null ? UserResolver.none() : users;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String conversationId = memoryId.toString();
        List<ChatMessage> messages = new ArrayList<>();
        SystemMessage system = this.systemMessages.get(conversationId);
        if (system != null) {
            messages.add(system);
        }
        for (StoredMessage stored : this.skein.recentMessages(conversationId, this.recentMessages)) {
            if ("user".equals(stored.role())) {
                messages.add(UserMessage.from(stored.content()));
            }
            else if ("assistant".equals(stored.role())) {
                messages.add(AiMessage.from(stored.content()));
            }
        }
        return messages;
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String conversationId = memoryId.toString();
        List<NewTail.Entry> window = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                this.systemMessages.put(conversationId, system);
            }
            else if (message instanceof UserMessage user && user.hasSingleText()) {
                window.add(new NewTail.Entry("user", user.singleText()));
            }
            else if (message instanceof AiMessage ai && ai.text() != null && !ai.text().isBlank()) {
                window.add(new NewTail.Entry("assistant", ai.text()));
            }
        }
        NewTail.save(this.skein, EXTERNAL_ID_PREFIX, conversationId, this.users.userId(conversationId), window);
    }

    /** Erases the conversation and everything Skein remembers of it. */
    @Override
    public void deleteMessages(Object memoryId) {
        this.systemMessages.remove(memoryId.toString());
        this.skein.deleteConversation(memoryId.toString());
    }

}
