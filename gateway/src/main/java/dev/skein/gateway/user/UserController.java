package dev.skein.gateway.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import dev.skein.contracts.internal.UserErased;
import dev.skein.contracts.internal.UserMemory;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationList;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's user: the conversations that belong to them, their durable facts, and their
 * erasure. User ids are the client's own ({@link ClientIds}), scoped to the tenant of the
 * key: another tenant's user of the same id is another user, and not found here.
 */
@RestController
@RequestMapping(path = "/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

    static final int MAX_LIMIT = 100;

    private final MemoryApi memory;

    private final RetrievalApi retrieval;

    UserController(MemoryApi memory, RetrievalApi retrieval) {
        this.memory = memory;
        this.retrieval = retrieval;
    }

    @GetMapping("/conversations")
    @Operation(summary = "List the user's conversations, newest activity first")
    ConversationList conversations(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String userId,
            @Parameter(description = "1 to 100, default 20") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        check(userId, limit);
        return ConversationList.of(this.memory.userConversations(tenant.id(), userId, limit, cursor));
    }

    @GetMapping("/memory")
    @Operation(summary = "The user's durable facts across their conversations",
            description = "What the user said in any of their conversations that no later statement superseded, "
                    + "pinned first, then by salience, each with the conversation it was said in.")
    UserMemory memory(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String userId,
            @Parameter(description = "1 to 100, default 20") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        check(userId, limit);
        return this.memory.userMemory(tenant.id(), userId, limit, cursor);
    }

    /**
     * The memory-service erases every conversation of the user and the user in one
     * transaction (each conversation's data key with it: docs/erasure.md); then the index
     * of each is erased at once, as for one conversation's erasure.
     */
    @DeleteMapping
    @Operation(summary = "Erase the user: every conversation and memory of the user, then the user",
            description = "The same guarantees as erasing a conversation, for each of the user's conversations. "
                    + "Answers 204; afterwards the user and their conversations are not found.")
    ResponseEntity<Void> erase(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String userId) {
        check(userId, null);
        UserErased erased = this.memory.eraseUser(tenant.id(), userId);
        for (UserErased.Conversation conversation : erased.conversations()) {
            this.retrieval.erase(tenant.id(), conversation.conversationId(), conversation.conversationUid());
        }
        return ResponseEntity.noContent().build();
    }

    private static void check(String userId, Integer limit) {
        if (!ClientIds.valid(userId)) {
            throw new ValidationException("userId", ClientIds.RULE);
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

}
