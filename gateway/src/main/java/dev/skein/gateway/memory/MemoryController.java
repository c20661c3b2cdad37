package dev.skein.gateway.memory;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.contracts.internal.MemoryItem;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.web.Problems;

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

    @DeleteMapping("/v1/conversations/{conversationId}/memories/{memoryId}")
    @Operation(summary = "Delete one memory; it never comes back in search or recall")
    ResponseEntity<Void> delete(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String memoryId) {
        ConversationIds.require(conversationId);
        throw Problems.notFound("No such memory.");
    }

    @PatchMapping(path = "/v1/conversations/{conversationId}/memories/{memoryId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct a memory's text and/or pin it")
    MemoryItem patch(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String memoryId, @RequestBody MemoryPatchRequest request) {
        ConversationIds.require(conversationId);
        throw Problems.notFound("No such memory.");
    }

    /**
     * @param content the corrected text
     * @param pinned true holds the memory's salience at or above the pin floor
     */
    record MemoryPatchRequest(String content, Boolean pinned) {
    }

}
