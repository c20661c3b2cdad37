package dev.skein.gateway.longinput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.gateway.GatewayProperties;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Question answering over one long text (a document or transcript sent with the request,
 * not stored): the retrieval-service reads it window by window (InfiniRetri) and answers
 * the passages that bear on the question.
 */
@RestController
class LongInputController {

    static final int MAX_QUESTION_CHARS = 4000;

    private final RetrievalApi retrieval;

    private final GatewayProperties properties;

    LongInputController(RetrievalApi retrieval, GatewayProperties properties) {
        this.retrieval = retrieval;
        this.properties = properties;
    }

    @PostMapping(path = "/v1/long-input:search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Find the passages of a long text that answer a question (InfiniRetri)",
            description = "The text is not stored. windowTokens and cacheTokens tune the window reading; "
                    + "the retrieval-service picks defaults when they are absent.")
    LongInputAnswer search(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @RequestBody LongInputRequest request) {
        validate(request);
        return this.retrieval.longInputSearch(tenant.id(),
                new LongInputQuery(request.question(), request.text(), request.windowTokens(), request.cacheTokens()));
    }

    private void validate(LongInputRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.question() == null || request.question().isBlank()) {
            errors.add(new FieldError("question", "must not be blank"));
        }
        else if (request.question().length() > MAX_QUESTION_CHARS) {
            errors.add(new FieldError("question", "must be at most " + MAX_QUESTION_CHARS + " characters"));
        }
        if (request.text() == null || request.text().isBlank()) {
            errors.add(new FieldError("text", "must not be blank"));
        }
        else if (request.text().getBytes(StandardCharsets.UTF_8).length > this.properties.maxRequestBytes()) {
            errors.add(new FieldError("text", "must be at most " + this.properties.maxRequestBytes() + " bytes"));
        }
        if (request.windowTokens() != null && request.windowTokens() < 1) {
            errors.add(new FieldError("windowTokens", "must be positive"));
        }
        if (request.cacheTokens() != null && request.cacheTokens() < 1) {
            errors.add(new FieldError("cacheTokens", "must be positive"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    record LongInputRequest(@Schema(description = "At most 4000 characters") String question,
            @Schema(description = "The document or transcript; at most SKEIN_MAX_REQUEST_BYTES bytes") String text,
            @Schema(description = "Tokens per window; optional") Integer windowTokens,
            @Schema(description = "Tokens of evidence carried between windows; optional") Integer cacheTokens) {
    }

}
