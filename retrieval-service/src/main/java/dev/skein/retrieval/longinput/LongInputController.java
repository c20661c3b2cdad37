package dev.skein.retrieval.longinput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

/**
 * {@code POST /internal/tenants/{t}/long-input:search}: the sentences of a long document
 * that answer a question (the gateway exposes it as {@code POST /v1/long-input:search}).
 * Nothing is stored.
 */
@RestController
class LongInputController {

    /** Tokens (cl100k_base) read per window when the query names none. */
    static final int DEFAULT_WINDOW_TOKENS = 1024;

    /**
     * Tokens of best sentences carried from window to window (and answered) when the
     * query names none.
     */
    static final int DEFAULT_CACHE_TOKENS = 300;

    private final LongInputSearch search;

    LongInputController(LongInputSearch search) {
        this.search = search;
    }

    @PostMapping("/internal/tenants/{tenantId}/long-input:search")
    LongInputAnswer search(@PathVariable String tenantId, @RequestBody LongInputQuery query) {
        validate(query);
        int windowTokens = query.windowTokens() == null ? DEFAULT_WINDOW_TOKENS : query.windowTokens();
        int cacheTokens = query.cacheTokens() == null ? DEFAULT_CACHE_TOKENS : query.cacheTokens();
        return this.search.search(query.question(), query.text(), windowTokens, cacheTokens);
    }

    /**
     * The query's limits, with the messages Bean Validation gave them when they were
     * constraints.
     */
    static void validate(LongInputQuery query) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "question", query.question(), 4000);
        text(errors, "text", query.text(), 8_000_000);
        range(errors, "windowTokens", query.windowTokens(), 64, 8192);
        range(errors, "cacheTokens", query.cacheTokens(), 16, 4096);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new ValidationException(errors);
        }
    }

    private static void text(List<FieldError> errors, String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
        }
        if (value != null && value.length() > maxChars) {
            errors.add(new FieldError(field, "size must be between 0 and " + maxChars));
        }
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && value < min) {
            errors.add(new FieldError(field, "must be greater than or equal to " + min));
        }
        if (value != null && value > max) {
            errors.add(new FieldError(field, "must be less than or equal to " + max));
        }
    }

}
