package dev.skein.gateway.memory;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import dev.skein.contracts.internal.MemoryCorrection;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryItem;
import dev.skein.contracts.internal.MemoryPatch;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

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

    /**
     * The memory-service corrects the memory (and deletes the windows, summaries and
     * facts built from a turn's old text) in one transaction; then the index re-embeds
     * the corrected memory and drops those, before the answer: a search after it finds
     * the new text and not the old. Should the index call fail, the 5xx says so; sending
     * the same PATCH again re-indexes it.
     */
    @PatchMapping(path = "/v1/conversations/{conversationId}/memories/{memoryId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Correct a memory's text and/or pin it",
            description = "{\"content\": \"…\"} replaces the memory's text (a turn's message, or a window, summary "
                    + "or fact); it is re-embedded at once, and the windows, summaries and facts built from a turn's "
                    + "old text are deleted. {\"pinned\": true} holds a turn's salience at or above "
                    + "skein.memory.pinned-salience-floor. Answers the memory as it is now; 400 for an empty or bad "
                    + "patch, 404 for an unknown id.")
    MemoryItem patch(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String memoryId, @RequestBody(required = false) MemoryPatchRequest request) {
        ConversationIds.require(conversationId);
        UUID id = parse(memoryId);
        if (request == null || (request.content() == null && request.pinned() == null)) {
            throw new ValidationException(List
                .of(new FieldError("content", "or pinned is required: send the corrected text, a pin, or both")));
        }
        MemoryCorrection corrected = this.memory.patchMemory(tenant.id(), conversationId, id,
                new MemoryPatch(request.content(), request.pinned()));
        // the corrected turn first: its revision makes the index refuse, from then on,
        // any
        // window or summary of the old text still on its way; the drop then takes those
        // indexed before
        if (corrected.reindex() != null) {
            this.retrieval.reindex(tenant.id(), conversationId, corrected.reindex());
        }
        if (!corrected.dropped().isEmpty()) {
            this.retrieval.drop(tenant.id(), conversationId, new MemoryIds(corrected.dropped()));
        }
        return corrected.memory();
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
