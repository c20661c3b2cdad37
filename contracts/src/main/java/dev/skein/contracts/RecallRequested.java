package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * memory-service → retrieval-service: the controller's decision for one turn. Flash
 * memory is already chosen; retrieval adds archived memories older than
 * {@code recallBeforeSequence}.
 *
 * @param recall false when the controller decided no archived memory is needed this turn
 * @param recallTokenBudget what is left of the turn's context budget after flash memory
 * and the message: recalled evidence must fit in it (tokens counted with cl100k_base)
 * @param salient the conversation's most salient archived memories with their current
 * (decayed) salience in [0, 1]; recall ranking may favour them (SirLLM)
 * @param userConversations the other conversations of the conversation's user, most
 * recently active first, whose memories recall may add under the same budget (the user
 * scope); empty or null for the conversation alone
 */
public record RecallRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID turnId, FlashTurn userTurn, List<FlashTurn> flash, boolean recall, String query,
        List<String> keyPhrases, int topK, int recallTokenBudget, long recallBeforeSequence, long historyTokens,
        boolean stream, List<SalientMemory> salient, @Nullable Sampling sampling,
        @Nullable List<String> userConversations) implements ConversationScoped {

    public RecallRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
            UUID conversationUid, UUID turnId, FlashTurn userTurn, List<FlashTurn> flash, boolean recall, String query,
            List<String> keyPhrases, int topK, int recallTokenBudget, long recallBeforeSequence, long historyTokens,
            boolean stream, List<SalientMemory> salient, @Nullable Sampling sampling) {
        this(eventId, occurredAt, tenantId, conversationId, conversationUid, turnId, userTurn, flash, recall, query,
                keyPhrases, topK, recallTokenBudget, recallBeforeSequence, historyTokens, stream, salient, sampling,
                null);
    }

    public RecallRequested(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
            UUID conversationUid, UUID turnId, FlashTurn userTurn, List<FlashTurn> flash, boolean recall, String query,
            List<String> keyPhrases, int topK, int recallTokenBudget, long recallBeforeSequence, long historyTokens,
            boolean stream, List<SalientMemory> salient) {
        this(eventId, occurredAt, tenantId, conversationId, conversationUid, turnId, userTurn, flash, recall, query,
                keyPhrases, topK, recallTokenBudget, recallBeforeSequence, historyTokens, stream, salient, null);
    }
}
