package dev.skein.retrieval.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.internal.IndexStatus;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.contracts.internal.SearchResponse;
import dev.skein.retrieval.RetrievalProperties;
import dev.skein.retrieval.erasure.ConversationEraser;
import dev.skein.retrieval.indexing.IndexWatermarks;
import dev.skein.retrieval.indexing.IndexWatermarks.IndexState;
import dev.skein.retrieval.search.ConversationSetSearch;
import dev.skein.retrieval.search.MemorySearch;
import dev.skein.retrieval.search.QueryEmbeddings;
import dev.skein.retrieval.search.SearchQuery;

/** The internal API of the index of one conversation, called by the gateway. */
@RestController
@RequestMapping("/internal/tenants/{tenantId}/conversations/{conversationId}")
class ConversationIndexController {

    private final MemorySearch search;

    private final IndexWatermarks watermarks;

    private final ConversationEraser eraser;

    private final RetrievalProperties properties;

    private final ConversationSetSearch userScope;

    private final MemorySalience memorySalience;

    private final QueryEmbeddings queryEmbeddings;

    ConversationIndexController(MemorySearch search, IndexWatermarks watermarks, ConversationEraser eraser,
            RetrievalProperties properties, ConversationSetSearch userScope, MemorySalience memorySalience,
            QueryEmbeddings queryEmbeddings) {
        this.search = search;
        this.memorySalience = memorySalience;
        this.queryEmbeddings = queryEmbeddings;
        this.userScope = userScope;
        this.watermarks = watermarks;
        this.eraser = eraser;
        this.properties = properties;
    }

    @PostMapping("/memory:search")
    SearchResponse search(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody SearchRequest request) {
        SearchParameters parameters = SearchParameters.of(request);
        SearchQuery query = new SearchQuery(tenantId, conversationId, parameters.query(), parameters.topK(),
                MemorySearch.ALL_SEQUENCES, parameters.asOf(), parameters.salience());
        boolean askMemory = request.asksMemoryForSalience();
        Long watermark = parameters.watermark();
        IndexState state = this.watermarks.state(tenantId, conversationId);
        CompletableFuture<float[]> vector = null;
        Map<UUID, Double> asked = null;
        if (askMemory && state.salience() == null) {
            // the memory-service announces the salient memories with every change; before
            // its first announcement reaches the index (or for a conversation it does not
            // have: its 404) they are asked of it, while another thread embeds the
            // question (docs/perf/search-path-profile.md, fourth round). With them in the
            // index there is nothing to overlap: handing the question to another thread
            // cost more than the state's read (seventeenth round)
            vector = parameters.conversationIds().isEmpty() ? this.queryEmbeddings.of(query) : null;
            try {
                asked = this.memorySalience.of(tenantId, conversationId);
            }
            catch (RuntimeException ex) {
                if (vector != null) {
                    vector.cancel(false);
                }
                throw ex;
            }
        }
        if (watermark != null && state.indexedThrough() < watermark) {
            state = this.watermarks.awaitThrough(tenantId, conversationId, watermark, this.properties.searchWait(),
                    this.properties.searchPollInterval());
        }
        if (askMemory) {
            // none at all only when the conversation was erased while this search waited
            query = query.withSalience(state.salience() != null ? state.salience() : asked != null ? asked : Map.of());
        }
        // the user scope adds the user's other conversations; alone, the conversation's
        // own search
        List<ConversationSetSearch.Found> found;
        if (!parameters.conversationIds().isEmpty()) {
            found = this.userScope.search(query, parameters.conversationIds());
        }
        else {
            // the index's state read above picks the ranking statement: one read a search
            found = this.search
                .explained(query, vector == null ? this.queryEmbeddings.vector(query) : join(vector), state)
                .stream()
                .map(hit -> new ConversationSetSearch.Found(conversationId, hit))
                .toList();
        }
        List<Evidence> results = found.stream().map(ConversationSetSearch.Found::toEvidence).toList();
        boolean consistent = watermark == null || state.indexedThrough() >= watermark;
        return new SearchResponse(results, state.indexedThrough(), consistent,
                request.explained() ? found.stream().map(hit -> hit.explained().parts()).toList() : null);
    }

    private static float[] join(CompletableFuture<float[]> vector) {
        try {
            return vector.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    @GetMapping("/index")
    IndexStatus index(@PathVariable String tenantId, @PathVariable String conversationId) {
        IndexState state = this.watermarks.state(tenantId, conversationId);
        return new IndexStatus(state.indexed(), state.indexedThrough());
    }

    /**
     * Erases now and remembers the incarnation, so index events still in flight are
     * dropped. Without {@code conversationUid} every incarnation the index knows is
     * erased.
     */
    @DeleteMapping
    ResponseEntity<Void> erase(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestParam(required = false) UUID conversationUid) {
        this.eraser.erase(tenantId, conversationId, conversationUid);
        return ResponseEntity.noContent().build();
    }

}
