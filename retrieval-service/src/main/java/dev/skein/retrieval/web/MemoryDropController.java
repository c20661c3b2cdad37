package dev.skein.retrieval.web;

import dev.skein.contracts.internal.MemoryIds;

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
 * deletion.
 */
@RestController
class MemoryDropController {

    private final JdbcTemplate jdbc;

    MemoryDropController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

}
