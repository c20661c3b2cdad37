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
import dev.skein.client.SkeinClient;
import dev.skein.client.SkeinException;

/**
 * Puts what Skein recalls for the user's message into the system message, so that a fact
 * told hundreds of turns ago (long out of the chat memory's window) is in front of the
 * model. Uses the conversation id of the advisor context
 * ({@link ChatMemory#CONVERSATION_ID}), as Spring AI's memory advisors do; a request
 * without one is passed on unchanged.
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

    public SkeinRecallAdvisor(SkeinClient skein, int topK) {
        this(skein, topK, DEFAULT_ORDER);
    }

    public SkeinRecallAdvisor(SkeinClient skein, int topK, int order) {
        this.skein = skein;
        this.topK = topK;
        this.order = order;
    }

    @Override
    public ChatClientRequest before(ChatClientRequest request, AdvisorChain chain) {
        Object conversationId = request.context().get(ChatMemory.CONVERSATION_ID);
        UserMessage user = request.prompt().getUserMessage();
        String query = user == null ? null : user.getText();
        if (conversationId == null || query == null || query.isBlank()) {
            return request;
        }
        List<Memory> recalled = recall(conversationId.toString(), query, topK(request.context()));
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
        String augmented = RecallSection.render(instructions, fresh);
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

    private List<Memory> recall(String conversationId, String query, int topK) {
        try {
            return this.skein.search(conversationId, query, topK).results();
        }
        catch (SkeinException ex) {
            if (ex.status() == 404) {
                // a conversation Skein has not seen yet: nothing to recall
                return List.of();
            }
            throw ex;
        }
    }

    private int topK(Map<String, Object> context) {
        Object value = context.get(TOP_K);
        return value == null ? this.topK : Integer.parseInt(value.toString());
    }

}
