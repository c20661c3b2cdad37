package dev.skein.retrieval.longinput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

/**
 * {@code POST /internal/tenants/{t}/long-input:search}: the sentences of a long document
 * that answer a question (the gateway exposes it as {@code POST /v1/long-input:search}).
 * Nothing is stored. Bounded three ways ({@link LongInputProperties}): the text's length
 * (413), the searches running at once (429), and a deadline after which the search stops
 * (503 {@code deadline-exceeded}).
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

    static final int MAX_QUESTION_CHARS = 4000;

    private final LongInputSearch search;

    private final LongInputProperties properties;

    private final Semaphore running;

    LongInputController(LongInputSearch search, LongInputProperties properties) {
        this.search = search;
        this.properties = properties;
        this.running = new Semaphore(properties.concurrency());
    }

    @PostMapping(path = "/internal/tenants/{tenantId}/long-input:search", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> search(@PathVariable String tenantId, @RequestBody LongInputQuery query) {
        validate(query);
        if (query.text().length() > this.properties.maxChars()) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                    "text must be at most " + this.properties.maxChars() + " characters");
        }
        if (!this.running.tryAcquire()) {
            return problem(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many long-input searches",
                    "This instance already runs " + this.properties.concurrency() + " long-input searches.");
        }
        try {
            Duration timeout = query.timeoutMillis() == null ? this.properties.deadline()
                    : Duration.ofMillis(query.timeoutMillis());
            Deadline deadline = Deadline.within(timeout, this.properties.deadline());
            int windowTokens = query.windowTokens() == null ? DEFAULT_WINDOW_TOKENS : query.windowTokens();
            int cacheTokens = query.cacheTokens() == null ? DEFAULT_CACHE_TOKENS : query.cacheTokens();
            LongInputAnswer answer = this.search.search(query.question(), query.text(), windowTokens, cacheTokens,
                    deadline);
            return ResponseEntity.ok(answer);
        }
        catch (Deadline.Stopped ex) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.DEADLINE_EXCEEDED, "Deadline exceeded",
                    "The search was stopped: " + ex.getMessage() + " before the text was read to its end.");
        }
        finally {
            this.running.release();
        }
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = Problems.of(status, type, title, detail);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    /**
     * The query's limits, with the messages Bean Validation gave them when they were
     * constraints.
     */
    static void validate(LongInputQuery query) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "question", query.question(), MAX_QUESTION_CHARS);
        text(errors, "text", query.text(), Integer.MAX_VALUE);
        range(errors, "windowTokens", query.windowTokens(), 64, 8192);
        range(errors, "cacheTokens", query.cacheTokens(), 16, 4096);
        if (query.timeoutMillis() != null && query.timeoutMillis() < 1) {
            errors.add(new FieldError("timeoutMillis", "must be greater than or equal to 1"));
        }
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
