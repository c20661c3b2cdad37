package dev.skein.gateway.memory;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryItem;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deletes, corrects or pins one memory (the {@code memoryId} of {@code GET …/memory} and
 * of search hits).
 */
@RestController
class MemoryController {

    private final MemoryApi memory;

    private final RetrievalApi retrieval;

    MemoryController(MemoryApi memory, RetrievalApi retrieval) {
        this.memory = memory;
        this.retrieval = retrieval;
    }

    /**
     * The memory-service first (the system of record: the message and the windows,
     * summaries and facts built from it go in one transaction), then the index drops
     * every memory it removed, before the 204: a search after the answer no longer finds
     * them. Should the index call fail, the 5xx says so and the index keeps them until
     * the conversation is erased.
     */
    @DeleteMapping("/v1/conversations/{conversationId}/memories/{memoryId}")
    @Operation(summary = "Delete one memory; it never comes back in search or recall",
            description = "A turn's memory is its message: it leaves the transcript and flash memory too, and the "
                    + "windows, summaries and facts built from it are deleted with it. 404 for an unknown id.")
    ResponseEntity<Void> delete(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String memoryId) {
        ConversationIds.require(conversationId);
        MemoryIds removed = this.memory.deleteMemory(tenant.id(), conversationId, parse(memoryId));
        this.retrieval.drop(tenant.id(), conversationId, removed);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping(path = "/v1/conversations/{conversationId}/memories/{memoryId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct a memory's text and/or pin it (not implemented yet: 501)")
    MemoryItem patch(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String memoryId, @RequestBody MemoryPatchRequest request) {
        ConversationIds.require(conversationId);
        parse(memoryId);
        throw new dev.skein.platform.web.ProblemException(Problems.of(HttpStatus.NOT_IMPLEMENTED, Problems.INTERNAL,
                "Not implemented", "Correcting and pinning a memory is not implemented yet; delete it instead."));
    }

    private static UUID parse(String memoryId) {
        try {
            return UUID.fromString(memoryId);
        }
        catch (IllegalArgumentException ex) {
            throw Problems.notFound("The conversation has no such memory.");
        }
    }

    /**
     * @param content the corrected text
     * @param pinned true holds the memory's salience at or above the pin floor
     */
    record MemoryPatchRequest(String content, Boolean pinned) {
    }

}
