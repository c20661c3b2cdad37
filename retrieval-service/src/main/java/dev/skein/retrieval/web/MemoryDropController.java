package dev.skein.retrieval.web;

import java.util.List;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;
import dev.skein.retrieval.indexing.MemoryDeletions;
import dev.skein.retrieval.indexing.MemoryIndexer;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drops memories the memory-service deleted (one memory and what was derived from it), so
 * a search never finds them again, nor a late event of what was derived from a deleted
 * turn ({@link MemoryDeletions}). Called by the gateway right after the memory-service's
 * deletion. Re-indexes a corrected memory the same way, right after the memory-service's
 * correction.
 */
@RestController
class MemoryDropController {

    private final MemoryDeletions deletions;

    private final MemoryIndexer indexer;

    MemoryDropController(MemoryDeletions deletions, MemoryIndexer indexer) {
        this.deletions = deletions;
        this.indexer = indexer;
    }

    @PostMapping("/internal/tenants/{tenantId}/conversations/{conversationId}/memories:drop")
    ResponseEntity<Void> drop(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody MemoryIds ids) {
        if (ids != null) {
            this.deletions.drop(tenantId, conversationId, ids);
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
