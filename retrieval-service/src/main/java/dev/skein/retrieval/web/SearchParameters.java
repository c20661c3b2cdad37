package dev.skein.retrieval.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.contracts.SalientMemory;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

/**
 * A search request checked, with its defaults filled in. The request itself is a plain
 * contract record, so its limits are checked here, with the messages Bean Validation gave
 * them before.
 *
 * @param watermark the stream sequence the search waits for, or null
 * @param salience memory id → salience clamped to [0, 1]
 * @param conversationIds other conversations to search as well (the user scope), empty
 * for none
 */
record SearchParameters(String query, int topK, Long watermark, Instant asOf, Map<UUID, Double> salience,
        List<String> conversationIds) {

    /** Bounds the work of one search: each conversation of the set is one more scan. */
    static final int MAX_CONVERSATIONS = 100;

    static final int DEFAULT_TOP_K = 10;

    static final int MAX_QUERY_CHARS = 32_000;

    static final int MAX_TOP_K = 50;

    static final int MAX_SALIENT = 1000;

    /**
     * @throws ValidationException naming every offending field
     */
    static SearchParameters of(SearchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.query() == null || request.query().isBlank()) {
            errors.add(new FieldError("query", "must not be blank"));
        }
        if (request.query() != null && request.query().length() > MAX_QUERY_CHARS) {
            errors.add(new FieldError("query", "size must be between 0 and " + MAX_QUERY_CHARS));
        }
        if (request.topK() != null && request.topK() < 1) {
            errors.add(new FieldError("topK", "must be greater than or equal to 1"));
        }
        if (request.topK() != null && request.topK() > MAX_TOP_K) {
            errors.add(new FieldError("topK", "must be less than or equal to " + MAX_TOP_K));
        }
        if (request.salient() != null && request.salient().size() > MAX_SALIENT) {
            errors.add(new FieldError("salient", "size must be between 0 and " + MAX_SALIENT));
        }
        if (request.conversationIds() != null) {
            if (request.conversationIds().size() > MAX_CONVERSATIONS) {
                errors.add(new FieldError("conversationIds", "size must be between 0 and " + MAX_CONVERSATIONS));
            }
            else if (!request.conversationIds().stream().allMatch(ClientIds::valid)) {
                errors.add(new FieldError("conversationIds", "each " + ClientIds.RULE));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new ValidationException(errors);
        }
        return new SearchParameters(request.query(), request.topK() == null ? DEFAULT_TOP_K : request.topK(),
                request.watermark(), request.asOf(), salience(request.salient()),
                request.conversationIds() == null ? List.of() : List.copyOf(request.conversationIds()));
    }

    /** Memory id → salience clamped to [0, 1]. */
    static Map<UUID, Double> salience(List<SalientMemory> salient) {
        Map<UUID, Double> salience = new HashMap<>();
        if (salient != null) {
            for (SalientMemory memory : salient) {
                if (memory != null && memory.memoryId() != null) {
                    salience.put(memory.memoryId(), Math.max(0, Math.min(1, memory.salience())));
                }
            }
        }
        return salience;
    }
}
