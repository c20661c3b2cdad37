package dev.skein.platform.client;

import java.util.UUID;

import dev.skein.contracts.internal.ConversationPage;
import dev.skein.contracts.internal.ConversationStatus;
import dev.skein.contracts.internal.Erased;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.contracts.internal.MemoryCorrection;
import dev.skein.contracts.internal.MemoryIds;
import dev.skein.contracts.internal.MemoryPatch;
import dev.skein.contracts.internal.MemoryView;
import dev.skein.contracts.internal.SalientMemories;
import dev.skein.contracts.internal.TranscriptResponse;
import dev.skein.contracts.internal.TurnRecord;
import dev.skein.contracts.internal.UserErased;
import dev.skein.contracts.internal.UserMemory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PatchExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The memory-service's internal API (docs/architecture.md): one conversation of one
 * tenant, the tenant resolved by the gateway. A conversation the tenant does not have is
 * a 404 problem.
 */
@HttpExchange("/internal/tenants/{tenantId}")
public interface MemoryApi {

    /**
     * Appends messages without a reply; a message whose external id is known is stored
     * only once.
     */
    @PostExchange(url = "/conversations/{conversationId}/messages:import",
            contentType = MediaType.APPLICATION_JSON_VALUE)
    ImportResponse importMessages(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestBody ImportRequest request);

    /** One page of messages after {@code cursor} (from the start when null). */
    @GetExchange("/conversations/{conversationId}/messages")
    TranscriptResponse transcript(@PathVariable String tenantId, @PathVariable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit);

    @GetExchange("/conversations/{conversationId}/memory")
    MemoryView memory(@PathVariable String tenantId, @PathVariable String conversationId);

    /** The memories a turn's recall would favour now, so a search ranks like a turn. */
    @GetExchange("/conversations/{conversationId}/salient")
    SalientMemories salient(@PathVariable String tenantId, @PathVariable String conversationId);

    @GetExchange("/conversations/{conversationId}")
    ConversationStatus status(@PathVariable String tenantId, @PathVariable String conversationId);

    /**
     * Erases the stream and the memories; the answer's uid lets the index drop late
     * events.
     */
    @DeleteExchange("/conversations/{conversationId}")
    Erased erase(@PathVariable String tenantId, @PathVariable String conversationId);

    /**
     * One page of the tenant's conversations, newest activity first; a bad limit or
     * cursor is a 400 problem.
     */
    @GetExchange("/conversations")
    ConversationPage conversations(@PathVariable String tenantId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String idPrefix);

    /**
     * Deletes one memory and what was derived from it; the answer lists every memory id
     * removed, for the index. A 404 problem for an unknown memory.
     */
    @DeleteExchange("/conversations/{conversationId}/memories/{memoryId}")
    MemoryIds deleteMemory(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable UUID memoryId);

    /**
     * Corrects one memory's text and/or pins it; a 400 problem for a bad patch, a 404
     * problem for an unknown memory.
     */
    @PatchExchange(url = "/conversations/{conversationId}/memories/{memoryId}",
            contentType = MediaType.APPLICATION_JSON_VALUE)
    MemoryCorrection patchMemory(@PathVariable String tenantId, @PathVariable String conversationId,
            @PathVariable UUID memoryId, @RequestBody MemoryPatch patch);

    /**
     * One page of a user's conversations, newest activity first; a 404 problem when the
     * tenant has no such user.
     */
    @GetExchange("/users/{userId}/conversations")
    ConversationPage userConversations(@PathVariable String tenantId, @PathVariable String userId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor);

    /**
     * One page of a user's durable facts across their conversations; a 404 problem when
     * the tenant has no such user.
     */
    @GetExchange("/users/{userId}/memory")
    UserMemory userMemory(@PathVariable String tenantId, @PathVariable String userId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor);

    /**
     * Erases every conversation of the user (as {@link #erase} does each) and the user;
     * the answer names them for the index. A 404 problem when the tenant has no such
     * user.
     */
    @DeleteExchange("/users/{userId}")
    UserErased eraseUser(@PathVariable String tenantId, @PathVariable String userId);

    /** One turn of the conversation as stored; a 404 problem when it has no such turn. */
    @GetExchange("/conversations/{conversationId}/turns/{turnId}")
    TurnRecord turn(@PathVariable String tenantId, @PathVariable String conversationId, @PathVariable UUID turnId);

}
