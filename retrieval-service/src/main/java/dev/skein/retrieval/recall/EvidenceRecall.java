package dev.skein.retrieval.recall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.SalientMemory;
import dev.skein.platform.tokens.TokenCounter;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.indexing.IndexWatermarks;
import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;
import dev.skein.retrieval.search.ConversationSetSearch;
import dev.skein.retrieval.search.MemorySearch;
import dev.skein.retrieval.search.SearchHit;
import dev.skein.retrieval.search.SearchQuery;
import dev.skein.retrieval.search.TurnTexts;

/**
 * The archived memories of one turn: the same hybrid search as memory:search, then the
 * budget.
 */
@Component
class EvidenceRecall {

    /**
     * Bounds the work of one turn whatever top-k a request carries (memory:search allows
     * 50).
     */
    static final int MAX_TOP_K = 50;

    /**
     * A few more hits than top-k are fetched, so that a large memory skipped for the
     * budget can be replaced by the next best one that fits.
     */
    static final int FILL_FACTOR = 2;

    private final MemorySearch search;

    private final IndexWatermarks watermarks;

    private final RetrievalProperties properties;

    private final ConversationSetSearch userScope;

    private final TokenCounter tokens;

    EvidenceRecall(MemorySearch search, IndexWatermarks watermarks, RetrievalProperties properties,
            ConversationSetSearch userScope, TokenCounter tokens) {
        this.search = search;
        this.userScope = userScope;
        this.tokens = tokens;
        this.watermarks = watermarks;
        this.properties = properties;
    }

    List<Evidence> recall(RecallRequested request) {
        String query = queryOf(request);
        int topK = Math.min(request.topK(), MAX_TOP_K);
        if (!request.recall() || query == null || topK < 1 || request.recallTokenBudget() <= 0) {
            return List.of();
        }
        // Indexing runs on its own topic: a turn sent right after an import may overtake
        // it.
        IndexState index = this.watermarks.awaitThrough(request.tenantId(), request.conversationId(),
                request.recallBeforeSequence() - 1, this.properties.recallIndexWait(),
                this.properties.searchPollInterval());
        // Only memories older than the flash window: what flash memory holds is in the
        // prompt already.
        // The question's own time anchors "yesterday" and "last week"; salient memories
        // get a boost.
        Instant asOf = request.userTurn() != null && request.userTurn().createdAt() != null
                ? request.userTurn().createdAt() : request.occurredAt();
        SearchQuery home = new SearchQuery(request.tenantId(), request.conversationId(), query, topK * FILL_FACTOR,
                request.recallBeforeSequence(), asOf, salience(request));
        Map<UUID, String> conversationOf = new HashMap<>();
        List<SearchHit> hits;
        TurnTexts turns;
        if (request.userConversations() == null || request.userConversations().isEmpty()) {
            MemorySearch.Recalled recalled = this.search.recall(home, index);
            hits = recalled.hits();
            turns = recalled.turns();
        }
        else {
            hits = userScope(home, request.userConversations(), conversationOf);
            turns = this.search.turnTexts(home);
        }
        // each turn once, and the parts of one exchange as one excerpt; merged parts free
        // places for the next best memories that fit
        List<SearchHit> chosen = List.of();
        int selected = -1;
        for (int limit = topK; limit <= topK * FILL_FACTOR; limit += Math.max(1, topK - chosen.size())) {
            List<SearchHit> within = EvidenceBudget.select(hits, limit, request.recallTokenBudget());
            if (within.size() == selected) {
                break;
            }
            selected = within.size();
            List<SearchHit> merged = mergedRuns(home, turns, within, conversationOf);
            chosen = fits(merged, request.recallTokenBudget()) ? merged : within;
            if (chosen.size() >= topK) {
                break;
            }
        }
        return chosen.stream()
            .map(hit -> hit.toEvidence()
                .inConversation(conversationOf.getOrDefault(hit.memoryId(), request.conversationId())))
            .toList();
    }

    /**
     * Runs are merged inside this conversation only: a run is contiguous sequences of one
     * stream, so another conversation's hits of the user scope stay as they are, placed
     * by score among the merged ones.
     */
    private List<SearchHit> mergedRuns(SearchQuery home, TurnTexts turns, List<SearchHit> within,
            Map<UUID, String> conversationOf) {
        if (conversationOf.isEmpty()) {
            return this.search.mergedRuns(turns, within);
        }
        List<SearchHit> own = new ArrayList<>();
        List<SearchHit> others = new ArrayList<>();
        for (SearchHit hit : within) {
            boolean ownHit = home.conversationId()
                .equals(conversationOf.getOrDefault(hit.memoryId(), home.conversationId()));
            (ownHit ? own : others).add(hit);
        }
        List<SearchHit> merged = new ArrayList<>(this.search.mergedRuns(turns, own));
        merged.addAll(others);
        merged.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return merged;
    }

    /**
     * A merged run names the speaker on each of its lines, which a single turn's text
     * does not: when that no longer fits, the parts go unmerged (they fit by
     * construction).
     */
    private boolean fits(List<SearchHit> merged, int budget) {
        return merged.stream().mapToInt(hit -> this.tokens.count(hit.text())).sum() <= budget;
    }

    /**
     * The user scope under the same budget: the conversation's own hits and its user's
     * other conversations' merged by score. From another conversation only memories at or
     * above that conversation's average relevance (fused z-score not negative) are taken:
     * every per-conversation search returns its best rows however weak, and a weak memory
     * of another conversation would spend the budget on nothing.
     */
    private List<SearchHit> userScope(SearchQuery home, List<String> others, Map<UUID, String> conversationOf) {
        List<SearchHit> hits = new ArrayList<>();
        for (ConversationSetSearch.Found found : this.userScope.search(home, others)) {
            if (found.conversationId().equals(home.conversationId()) || found.hit().score() >= 0) {
                hits.add(found.hit());
                conversationOf.put(found.hit().memoryId(), found.conversationId());
            }
        }
        return hits;
    }

    private static Map<UUID, Double> salience(RecallRequested request) {
        Map<UUID, Double> salience = new HashMap<>();
        if (request.salient() != null) {
            for (SalientMemory memory : request.salient()) {
                if (memory != null && memory.memoryId() != null) {
                    salience.put(memory.memoryId(), Math.max(0, Math.min(1, memory.salience())));
                }
            }
        }
        return salience;
    }

    private static String queryOf(RecallRequested request) {
        if (request.query() != null && !request.query().isBlank()) {
            return request.query();
        }
        if (request.userTurn() != null && request.userTurn().content() != null
                && !request.userTurn().content().isBlank()) {
            return request.userTurn().content();
        }
        return null;
    }

}
