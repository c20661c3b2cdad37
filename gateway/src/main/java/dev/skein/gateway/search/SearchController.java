package dev.skein.gateway.search;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.SalientMemory;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SearchController {

    static final int MAX_QUERY_CHARS = 4000;

    static final int MAX_TOP_K = 50;

    static final int DEFAULT_TOP_K = 10;

    private final MemoryApi memory;

    private final RetrievalApi retrieval;

    SearchController(MemoryApi memory, RetrievalApi retrieval) {
        this.memory = memory;
        this.retrieval = retrieval;
    }

    /**
     * Ranked memories of one conversation. The memory-service is asked first because it
     * owns the conversation: a conversation that does not exist for this tenant is a 404,
     * not an empty list. Its answer is the conversation's salient memories, so this
     * search ranks like a turn's recall.
     */
    @PostMapping(path = "/v1/conversations/{conversationId}/memory:search", produces = MediaType.APPLICATION_JSON_VALUE)
    SearchResponse search(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @RequestBody SearchRequest request) {
        ConversationIds.require(conversationId);
        int topK = validate(request);
        List<SalientMemory> salient = this.memory.salient(tenant.id(), conversationId).salient();
        dev.skein.contracts.internal.SearchResponse answer = this.retrieval.search(tenant.id(), conversationId,
                new dev.skein.contracts.internal.SearchRequest(request.query(), topK, request.watermark(), null,
                        salient == null || salient.isEmpty() ? null : salient,
                        Boolean.TRUE.equals(request.explain()) ? Boolean.TRUE : null));
        if (!Boolean.TRUE.equals(request.explain()) || answer.explain() == null) {
            return new SearchResponse(RecalledMemory.of(answer.results()), answer.consistent());
        }
        List<RecalledMemory> results = new ArrayList<>(answer.results().size());
        for (int i = 0; i < answer.results().size(); i++) {
            results.add(RecalledMemory.of(answer.results().get(i),
                    i < answer.explain().size() ? answer.explain().get(i) : null));
        }
        return new SearchResponse(results, answer.consistent());
    }

    private static int validate(SearchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.query() == null || request.query().isBlank()) {
            errors.add(new FieldError("query", "must not be blank"));
        }
        else if (request.query().length() > MAX_QUERY_CHARS) {
            errors.add(new FieldError("query", "must be at most " + MAX_QUERY_CHARS + " characters"));
        }
        else {
            Storable.checkText(request.query(), "query", errors);
        }
        if (request.topK() != null && (request.topK() < 1 || request.topK() > MAX_TOP_K)) {
            errors.add(new FieldError("topK", "must be between 1 and " + MAX_TOP_K));
        }
        if (request.watermark() != null && request.watermark() < 0) {
            errors.add(new FieldError("watermark", "must not be negative"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return request.topK() == null ? DEFAULT_TOP_K : request.topK();
    }

    /**
     * @param watermark the sequence of a write the search must see (read-your-writes)
     */
    record SearchRequest(String query, Integer topK, Long watermark, @io.swagger.v3.oas.annotations.media.Schema(
            description = "true adds each hit's score parts (explain)") Boolean explain) {
    }

    record SearchResponse(List<RecalledMemory> results, boolean consistent) {
    }

}
