package dev.skein.retrieval.longinput;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/tenants/{t}/long-input:search}: the sentences of a long document that answer
 * a question (the gateway exposes it as {@code POST /v1/long-input:search}). Nothing is stored.
 */
@RestController
class LongInputController {

    private final LongInputSearch search;

    LongInputController(LongInputSearch search) {
        this.search = search;
    }

    @PostMapping("/internal/tenants/{tenantId}/long-input:search")
    LongInputSearch.Result search(@PathVariable String tenantId, @Valid @RequestBody Request request) {
        int windowTokens = request.windowTokens() == null ? Request.DEFAULT_WINDOW_TOKENS : request.windowTokens();
        int cacheTokens = request.cacheTokens() == null ? Request.DEFAULT_CACHE_TOKENS : request.cacheTokens();
        return this.search.search(request.question(), request.text(), windowTokens, cacheTokens);
    }

    /**
     * @param windowTokens tokens (cl100k_base) read per window, 1,024 when absent
     * @param cacheTokens tokens of best sentences carried from window to window (and answered), 300
     *        when absent
     */
    record Request(@NotBlank @Size(max = 4000) String question, @NotBlank @Size(max = 8_000_000) String text,
            @Min(64) @Max(8192) Integer windowTokens, @Min(16) @Max(4096) Integer cacheTokens) {

        static final int DEFAULT_WINDOW_TOKENS = 1024;

        static final int DEFAULT_CACHE_TOKENS = 300;
    }
}
