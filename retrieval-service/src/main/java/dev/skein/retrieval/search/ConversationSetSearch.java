package dev.skein.retrieval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.skein.contracts.Evidence;
import dev.skein.retrieval.embedding.Embedder;

/**
 * The user scope: one search over a set of conversations (a conversation and its user's
 * other conversations). The query is embedded once; each conversation is searched by the
 * same exact per-conversation search as alone (so a conversation's own search stays as
 * fast, and nothing of another tenant or user can enter: the set is by conversation id,
 * within the tenant), and the hits are merged by their fused score, best first. The
 * scores are z-scores over each conversation's own memories, so a hit's score says how
 * far it stands out in its conversation: comparable across conversations without a shared
 * corpus.
 */
@Component
public class ConversationSetSearch {

    private final MemorySearch search;

    private final Embedder embedder;

    ConversationSetSearch(MemorySearch search, Embedder embedder) {
        this.search = search;
        this.embedder = embedder;
    }

    /**
     * @param home the search of the conversation asked (its bound on sequences and its
     * salience apply to it alone)
     * @param others the other conversations of the set; the home conversation and repeats
     * are skipped
     * @return at most {@code home.topK()} hits of all the conversations, best first
     */
    public List<Found> search(SearchQuery home, List<String> others) {
        if (home.topK() < 1) {
            return List.of();
        }
        float[] vector = this.embedder.embedQuery(home.text());
        List<Found> found = new ArrayList<>();
        this.search.explained(home, vector).forEach(hit -> found.add(new Found(home.conversationId(), hit)));
        Set<String> set = new LinkedHashSet<>(others);
        set.remove(home.conversationId());
        for (String other : set) {
            SearchQuery query = new SearchQuery(home.tenantId(), other, home.text(), home.topK(),
                    MemorySearch.ALL_SEQUENCES, home.asOf(), Map.of());
            this.search.explained(query, vector).forEach(hit -> found.add(new Found(other, hit)));
        }
        // stable: among equal scores the home conversation's hits stay first
        found.sort(Comparator.comparingDouble((Found hit) -> hit.hit().score()).reversed());
        return List.copyOf(found.subList(0, Math.min(home.topK(), found.size())));
    }

    /** A hit and the conversation it was found in. */
    public record Found(String conversationId, MemorySearch.Explained explained) {

        public SearchHit hit() {
            return this.explained.hit();
        }

        public Evidence toEvidence() {
            return this.explained.hit().toEvidence().inConversation(this.conversationId);
        }
    }

}
