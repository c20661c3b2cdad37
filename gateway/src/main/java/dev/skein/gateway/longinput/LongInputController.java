package dev.skein.gateway.longinput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.gateway.GatewayProperties;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.client.UpstreamUnavailableException;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.Storable;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Question answering over one long text (a document or transcript sent with the request,
 * not stored): the retrieval-service reads it window by window (InfiniRetri) and answers
 * the passages that bear on the question. The work is CPU-bound, so it is bounded
 * ({@link LongInputProperties}): the text's length fits a CPU budget (413 above it), each
 * tenant runs a few searches at once (429), and a search stops at its deadline (503).
 */
@RestController
class LongInputController {

    static final int MAX_QUESTION_CHARS = 4000;

    private final RetrievalApi retrieval;

    private final LongInputProperties limits;

    private final Duration timeout;

    private final TenantPermits permits;

    LongInputController(RetrievalApi retrieval, LongInputProperties limits, GatewayProperties properties) {
        this.retrieval = retrieval;
        this.limits = limits;
        // the retrieval-service must stop before this gateway stops waiting for it
        Duration beforeReadTimeout = properties.upstreamReadTimeout().minusSeconds(1);
        this.timeout = limits.deadline().compareTo(beforeReadTimeout) < 0 ? limits.deadline() : beforeReadTimeout;
        this.permits = new TenantPermits(limits.concurrencyPerTenant());
    }

    @PostMapping(path = "/v1/long-input:search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Find the passages of a long text that answer a question (InfiniRetri)",
            description = "The text is not stored. windowTokens and cacheTokens tune the window reading; "
                    + "the retrieval-service picks defaults when they are absent. A text over the limit is a 413, "
                    + "more searches at once than the tenant may run a 429, a search that passes its deadline a 503.")
    @ApiResponse(responseCode = "200", description = "The passages, best first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LongInputAnswer.class)))
    ResponseEntity<?> search(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @RequestBody LongInputRequest request) {
        validate(request);
        if (request.text().length() > this.limits.maxChars()) {
            throw new ProblemException(tooLong());
        }
        if (!this.permits.tryAcquire(tenant.id())) {
            return problem(Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED,
                    "Too many long-input searches", "This tenant already runs " + this.limits.concurrencyPerTenant()
                            + " long-input searches; retry when one has finished."),
                    "1");
        }
        try {
            return ResponseEntity.ok(this.retrieval.longInputSearch(tenant.id(), new LongInputQuery(request.question(),
                    request.text(), request.windowTokens(), request.cacheTokens(), this.timeout.toMillis())));
        }
        catch (UpstreamUnavailableException ex) {
            return refused(ex);
        }
        finally {
            this.permits.release(tenant.id());
        }
    }

    /**
     * What the retrieval-service's refusals mean for the client; anything else stays
     * {@code upstream-unavailable}.
     */
    private ResponseEntity<?> refused(UpstreamUnavailableException ex) {
        HttpStatusCode status = ex.upstreamStatus();
        if (status == null) {
            throw ex;
        }
        return switch (status.value()) {
            case 413 -> problem(tooLong(), null);
            case 429 -> problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UPSTREAM_UNAVAILABLE,
                    "Upstream unavailable", "Every long-input reader is busy; try again shortly."), "1");
            case 503 -> problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.DEADLINE_EXCEEDED,
                    "Deadline exceeded", "The search did not finish within " + this.timeout.toSeconds()
                            + " s and was stopped; a shorter text finishes sooner."),
                    null);
            default -> throw ex;
        };
    }

    private ProblemDetail tooLong() {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                "text must be at most " + this.limits.maxChars() + " characters: longer texts do not fit "
                        + "the CPU budget of one search.");
    }

    private static ResponseEntity<?> problem(ProblemDetail problem, String retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    private static void validate(LongInputRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.question() == null || request.question().isBlank()) {
            errors.add(new FieldError("question", "must not be blank"));
        }
        else if (request.question().length() > MAX_QUESTION_CHARS) {
            errors.add(new FieldError("question", "must be at most " + MAX_QUESTION_CHARS + " characters"));
        }
        else {
            Storable.checkText(request.question(), "question", errors);
        }
        if (request.text() == null || request.text().isBlank()) {
            errors.add(new FieldError("text", "must not be blank"));
        }
        else {
            Storable.checkText(request.text(), "text", errors);
        }
        range(errors, "windowTokens", request.windowTokens(), 64, 8192);
        range(errors, "cacheTokens", request.cacheTokens(), 16, 4096);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    record LongInputRequest(@Schema(description = "At most 4000 characters") String question, @Schema(
            description = "The document or transcript; at most SKEIN_LONG_INPUT_MAX_CHARS characters") String text,
            @Schema(description = "Tokens per window, 64 to 8192; optional") Integer windowTokens,
            @Schema(description = "Tokens of evidence carried between windows, 16 to 4096; optional") Integer cacheTokens) {
    }

}
