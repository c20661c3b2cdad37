package dev.skein.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.api.AdvisorChain;
import org.springframework.ai.chat.client.advisor.api.BaseAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

import dev.skein.client.Memory;
import dev.skein.client.Recall;
import dev.skein.client.SkeinClient;
import dev.skein.client.UserResolver;

/**
 * Puts what Skein recalls for the user's message into the system message, so that a fact
 * told hundreds of turns ago (long out of the chat memory's window) is in front of the
 * model. Uses the conversation id of the advisor context
 * ({@link ChatMemory#CONVERSATION_ID}), as Spring AI's memory advisors do; a request
 * without one is passed on unchanged.
 *
 * <p>
 * When the {@link UserResolver} names the conversation's user, the recall spans every
 * conversation of that user (Skein's user scope): a fact told in one chat is recalled in
 * the next. A conversation Skein has not seen yet recalls from the user's conversations.
 *
 * <p>
 * Runs after {@code MessageChatMemoryAdvisor} (a higher order), so that memories the
 * prompt already holds word for word (the window's recent messages) are not repeated.
 */
public class SkeinRecallAdvisor implements BaseAdvisor {

    /** Context key that overrides the number of memories recalled for one call. */
    public static final String TOP_K = "skein_recall_top_k";

    /** After the chat memory advisor, before advisors that only look at the result. */
    public static final int DEFAULT_ORDER = Advisor.DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER + 100;

    private final SkeinClient skein;

    private final int topK;

    private final int order;

    private final UserResolver users;

    public SkeinRecallAdvisor(SkeinClient skein, int topK) {
        this(skein, topK, DEFAULT_ORDER);
    }

    public SkeinRecallAdvisor(SkeinClient skein, int topK, int order) {
        this(skein, topK, order, UserResolver.none());
    }

    /**
     * @param users the user each conversation belongs to; recall spans the user's
     * conversations
     */
    public SkeinRecallAdvisor(SkeinClient skein, int topK, int order, UserResolver users) {
        this.skein = skein;
        this.topK = topK;
        this.order = order;
        this.users = users == null ? UserResolver.none() : users;
    }

    @Override
    public ChatClientRequest before(ChatClientRequest request, AdvisorChain chain) {
        Object conversationId = request.context().get(ChatMemory.CONVERSATION_ID);
        UserMessage user = request.prompt().getUserMessage();
        String query = user == null ? null : user.getText();
        if (conversationId == null || query == null || query.isBlank()) {
            return request;
        }
        String conversation = conversationId.toString();
        List<Memory> recalled = Recall.memories(this.skein, conversation, this.users.userId(conversation), query,
                topK(request.context()));
        Set<String> inPrompt = request.prompt()
            .getInstructions()
            .stream()
            .map(Message::getText)
            .filter(Objects::nonNull)
            .map(String::strip)
            .collect(Collectors.toSet());
        List<Memory> fresh = recalled.stream().filter(memory -> !inPrompt.contains(memory.text().strip())).toList();
        if (fresh.isEmpty()) {
            return request;
        }
        String instructions = request.prompt().getSystemMessage().getText();
        String augmented = RecallSection.render(instructions, conversation, fresh);
        return request.mutate().prompt(request.prompt().augmentSystemMessage(augmented)).build();
    }

    @Override
    public ChatClientResponse after(ChatClientResponse response, AdvisorChain chain) {
        return response;
    }

    @Override
    public int getOrder() {
        return this.order;
    }

    private int topK(Map<String, Object> context) {
        Object value = context.get(TOP_K);
        return value == null ? this.topK : Integer.parseInt(value.toString());
    }

}
