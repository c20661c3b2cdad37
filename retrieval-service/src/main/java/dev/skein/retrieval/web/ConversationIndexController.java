package dev.skein.retrieval.web;

import java.util.List;
import java.util.UUID;

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
import dev.skein.retrieval.search.MemorySearch;
import dev.skein.retrieval.search.SearchQuery;

/** The internal API of the index of one conversation, called by the gateway. */
@RestController
@RequestMapping("/internal/tenants/{tenantId}/conversations/{conversationId}")
class ConversationIndexController {

    private final MemorySearch search;

    private final IndexWatermarks watermarks;

    private final ConversationEraser eraser;

    private final RetrievalProperties properties;

    ConversationIndexController(MemorySearch search, IndexWatermarks watermarks, ConversationEraser eraser,
            RetrievalProperties properties) {
        this.search = search;
        this.watermarks = watermarks;
        this.eraser = eraser;
        this.properties = properties;
    }

    @PostMapping("/memory:search")
    SearchResponse search(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody SearchRequest request) {
        SearchParameters parameters = SearchParameters.of(request);
        Long watermark = parameters.watermark();
        IndexState state = watermark == null ? this.watermarks.state(tenantId, conversationId)
                : this.watermarks.awaitThrough(tenantId, conversationId, watermark, this.properties.searchWait(),
                        this.properties.searchPollInterval());
        List<MemorySearch.Explained> explained = this.search
            .explained(new SearchQuery(tenantId, conversationId, parameters.query(), parameters.topK(),
                    MemorySearch.ALL_SEQUENCES, parameters.asOf(), parameters.salience()));
        List<Evidence> results = explained.stream().map(hit -> hit.hit().toEvidence()).toList();
        boolean consistent = watermark == null || state.indexedThrough() >= watermark;
        return new SearchResponse(results, state.indexedThrough(), consistent,
                request.explained() ? explained.stream().map(MemorySearch.Explained::parts).toList() : null);
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
