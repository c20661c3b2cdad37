package dev.skein.platform.client;

import java.util.UUID;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.IndexStatus;
import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.contracts.internal.SearchResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The retrieval-service's internal API (docs/architecture.md), scoped by tenant in the
 * path.
 */
@HttpExchange("/internal/tenants/{tenantId}")
public interface RetrievalApi {

    /**
     * Ranked memories of one conversation; with a watermark, after the index has reached
     * it (or waited long enough).
     */
    @PostExchange(url = "/conversations/{conversationId}/memory:search", contentType = MediaType.APPLICATION_JSON_VALUE)
    SearchResponse search(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody SearchRequest request);

    @GetExchange("/conversations/{conversationId}/index")
    IndexStatus index(@PathVariable String tenantId, @PathVariable String conversationId);

    /**
     * Erases the conversation's index; without {@code conversationUid} every incarnation
     * the index knows.
     */
    @DeleteExchange("/conversations/{conversationId}")
    void erase(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestParam(required = false) @Nullable UUID conversationUid);

    /** Drops memories the memory-service deleted from the conversation's index. */
    @PostExchange(url = "/conversations/{conversationId}/memories:drop", contentType = MediaType.APPLICATION_JSON_VALUE)
    void drop(@PathVariable String tenantId, @PathVariable String conversationId, @RequestBody MemoryIds memoryIds);

    /**
     * Re-embeds and re-indexes one corrected memory now (the same upsert as its
     * {@code memory-recorded} event), so a search after the answer finds the new text.
     */
    @PostExchange(url = "/conversations/{conversationId}/memories:reindex",
            contentType = MediaType.APPLICATION_JSON_VALUE)
    void reindex(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody MemoryRecorded memory);

    /** InfiniRetri over a text that is not part of any conversation. */
    @PostExchange(url = "/long-input:search", contentType = MediaType.APPLICATION_JSON_VALUE)
    LongInputAnswer longInputSearch(@PathVariable String tenantId, @RequestBody LongInputQuery query);

}
