package dev.skein.retrieval.web;

import java.util.List;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;
import dev.skein.retrieval.indexing.MemoryIndexer;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drops memories the memory-service deleted (one memory and what was derived from it), so
 * a search never finds them again. Called by the gateway right after the memory-service's
 * deletion. Re-indexes a corrected memory the same way, right after the memory-service's
 * correction.
 */
@RestController
class MemoryDropController {

    private final JdbcTemplate jdbc;

    private final MemoryIndexer indexer;

    MemoryDropController(JdbcTemplate jdbc, MemoryIndexer indexer) {
        this.jdbc = jdbc;
        this.indexer = indexer;
    }

    @PostMapping("/internal/tenants/{tenantId}/conversations/{conversationId}/memories:drop")
    ResponseEntity<Void> drop(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody MemoryIds ids) {
        if (ids != null && ids.memoryIds() != null && !ids.memoryIds().isEmpty()) {
            this.jdbc.update(
                    "DELETE FROM memory_chunks WHERE tenant_id = ? AND conversation_id = ? AND memory_id = ANY(?)",
                    tenantId, conversationId, new SqlArrayValue("uuid", ids.memoryIds().toArray()));
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * The same upsert as a {@code memory-recorded} event (re-embedded, the chunk's text
     * replaced), synchronously: a search after the answer finds the corrected text.
     */
    @PostMapping("/internal/tenants/{tenantId}/conversations/{conversationId}/memories:reindex")
    ResponseEntity<Void> reindex(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody MemoryRecorded memory) {
        if (memory == null || !tenantId.equals(memory.tenantId()) || !conversationId.equals(memory.conversationId())) {
            throw new ValidationException(
                    List.of(new FieldError("memory", "must be a memory of this tenant's conversation")));
        }
        this.indexer.index(List.of(memory));
        return ResponseEntity.noContent().build();
    }

}
