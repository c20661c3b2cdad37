package dev.skein.gateway.search;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.contracts.internal.ConversationPage;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.ClientIds;
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

    static final String CONVERSATION = "conversation";

    static final String USER = "user";

    /**
     * The user scope's bound: each conversation of it is one more exact scan in the
     * retrieval-service.
     */
    static final int USER_SCOPE_CONVERSATIONS = 50;

    private final MemoryApi memory;

    private final RetrievalApi retrieval;

    SearchController(MemoryApi memory, RetrievalApi retrieval) {
        this.memory = memory;
        this.retrieval = retrieval;
    }

    /**
     * Ranked memories of one conversation, in one call: the retrieval-service asks the
     * memory-service for the conversation's salient memories itself while it embeds the
     * query ({@code salienceFromMemory}), so this search ranks like a turn's recall, and
     * a conversation the memory-service does not have for this tenant is its 404, not an
     * empty list.
     */
    @PostMapping(path = "/v1/conversations/{conversationId}/memory:search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Ranked memories of the conversation, or of all its user's conversations",
            description = "scope conversation (the default) searches this conversation; scope user also searches "
                    + "the other conversations of the user it belongs to (its " + USER_SCOPE_CONVERSATIONS
                    + " most recently active), each result naming its conversation.")
    SearchResponse search(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @RequestBody SearchRequest request) {
        ConversationIds.require(conversationId);
        int topK = validate(request);
        List<String> others = null;
        if (USER.equals(request.scope())) {
            String userId = this.memory.status(tenant.id(), conversationId).userId();
            others = userId == null ? null : otherConversations(tenant, userId, conversationId);
        }
        return search(tenant, conversationId, request, topK, true, others);
    }

    /**
     * Ranked memories of every conversation of a user (the most recently active
     * {@value #USER_SCOPE_CONVERSATIONS}); a user the tenant does not have is a 404.
     */
    @PostMapping(path = "/v1/users/{userId}/memory:search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Ranked memories of all the user's conversations",
            description = "Each result names its conversation. scope must be absent or user.")
    SearchResponse searchUser(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String userId,
            @RequestBody SearchRequest request) {
        if (!ClientIds.valid(userId)) {
            throw new ValidationException("userId", ClientIds.RULE);
        }
        int topK = validate(request);
        if (request.scope() != null && !USER.equals(request.scope())) {
            throw new ValidationException("scope", "must be user (or absent) for a user's memory");
        }
        if (request.watermark() != null) {
            throw new ValidationException("watermark", "belongs to one conversation: search it with scope user");
        }
        List<String> conversations = otherConversations(tenant, userId, null);
        if (conversations.isEmpty()) {
            return new SearchResponse(List.of(), true);
        }
        return search(tenant, conversations.get(0), request, topK, false,
                conversations.subList(1, conversations.size()));
    }

    /**
     * @param withSalience whether the conversation's salient memories count (its own
     * search; a user's search ranks without them)
     */
    private SearchResponse search(Tenant tenant, String conversationId, SearchRequest request, int topK,
            boolean withSalience, List<String> otherConversations) {
        dev.skein.contracts.internal.SearchResponse answer = this.retrieval.search(tenant.id(), conversationId,
                new dev.skein.contracts.internal.SearchRequest(request.query(), topK, request.watermark(), null, null,
                        Boolean.TRUE.equals(request.explain()) ? Boolean.TRUE : null,
                        otherConversations == null || otherConversations.isEmpty() ? null : otherConversations,
                        withSalience ? Boolean.TRUE : null));
        if (!Boolean.TRUE.equals(request.explain()) || answer.explain() == null) {
            return new SearchResponse(RecalledMemory.of(answer.results(), conversationId), answer.consistent());
        }
        List<RecalledMemory> results = new ArrayList<>(answer.results().size());
        for (int i = 0; i < answer.results().size(); i++) {
            results.add(RecalledMemory.of(answer.results().get(i), conversationId,
                    i < answer.explain().size() ? answer.explain().get(i) : null));
        }
        return new SearchResponse(results, answer.consistent());
    }

    /**
     * The user's conversations but {@code except}, most recently active first (one page
     * of the memory-service: the user scope's bound).
     */
    private List<String> otherConversations(Tenant tenant, String userId, String except) {
        return this.memory.userConversations(tenant.id(), userId, USER_SCOPE_CONVERSATIONS, null)
            .conversations()
            .stream()
            .map(ConversationPage.Entry::conversationId)
            .filter(id -> !id.equals(except))
            .toList();
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
        if (request.scope() != null && !CONVERSATION.equals(request.scope()) && !USER.equals(request.scope())) {
            errors.add(new FieldError("scope", "must be conversation or user"));
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
    record SearchRequest(String query, Integer topK, Long watermark,
            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "true adds each hit's score parts (explain)") Boolean explain,
            @io.swagger.v3.oas.annotations.media.Schema(
                    description = "conversation (default): this conversation; user: every conversation of its user",
                    allowableValues = {
                            "conversation", "user" }) String scope){
    }

    record SearchResponse(List<RecalledMemory> results, boolean consistent) {
    }

}
