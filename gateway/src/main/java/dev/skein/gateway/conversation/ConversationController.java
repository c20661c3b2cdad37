package dev.skein.gateway.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.contracts.internal.MemoryView;
import dev.skein.contracts.internal.TranscriptResponse;
import dev.skein.gateway.GatewayProperties;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.idempotency.IdempotencyKeys;
import dev.skein.gateway.message.MessageRequest;
import dev.skein.gateway.message.MessageValidator;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.RetrievalApi;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reads and bulk writes of a conversation, routed to the service that owns the data. */
@RestController
@RequestMapping(path = "/v1/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
class ConversationController {

    private final MemoryApi memory;

    private final RetrievalApi retrieval;

    private final MessageValidator validator;

    private final GatewayProperties properties;

    private final IdempotencyKeys keys;

    ConversationController(MemoryApi memory, RetrievalApi retrieval, MessageValidator validator,
            GatewayProperties properties, IdempotencyKeys keys) {
        this.keys = keys;
        this.memory = memory;
        this.retrieval = retrieval;
        this.validator = validator;
        this.properties = properties;
    }

    @GetMapping
    ConversationView status(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId) {
        ConversationIds.require(conversationId);
        return ConversationView.of(this.memory.status(tenant.id(), conversationId),
                this.retrieval.index(tenant.id(), conversationId));
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId) {
        ConversationIds.require(conversationId);
        // The memory-service first: it is the system of record, and its uid tells the
        // index which
        // incarnation of the conversation to erase (a re-created one gets a new uid).
        UUID conversationUid = this.memory.erase(tenant.id(), conversationId).conversationUid();
        this.retrieval.erase(tenant.id(), conversationId, conversationUid);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/messages")
    TranscriptResponse transcript(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        ConversationIds.require(conversationId);
        return this.memory.transcript(tenant.id(), conversationId, cursor, limit);
    }

    @GetMapping("/memory")
    MemoryView memory(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId) {
        ConversationIds.require(conversationId);
        return this.memory.memory(tenant.id(), conversationId);
    }

    /**
     * Sent again with the same {@code Idempotency-Key}, the import stores nothing and is
     * answered as the first time; an externalId stored with other content is a 409.
     */
    @PostMapping("/messages:import")
    ImportResponse importMessages(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId, @RequestBody ImportRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        ConversationIds.require(conversationId);
        List<FieldError> errors = new ArrayList<>();
        List<MessageRequest> messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            errors.add(new FieldError("messages", "must hold at least one message"));
        }
        else if (messages.size() > this.properties.maxImportMessages()) {
            errors.add(new FieldError("messages",
                    "must hold at most " + this.properties.maxImportMessages() + " messages"));
        }
        else {
            for (int i = 0; i < messages.size(); i++) {
                this.validator.validate(messages.get(i), "messages[" + i + "].", errors);
                if (messages.get(i) != null && messages.get(i).userId() != null) {
                    errors.add(new FieldError("messages[" + i + "].userId",
                            "is not read here: the import's userId gives the conversation its user"));
                }
            }
        }
        if (request.userId() != null && !ClientIds.valid(request.userId())) {
            errors.add(new FieldError("userId", ClientIds.RULE));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        List<MessageInput> inputs = messages.stream().map(this.validator::toInput).toList();
        Object asked = request.userId() == null ? inputs : Map.of("messages", inputs, "userId", request.userId());
        UUID requestId = idempotencyKey == null ? null : this.keys.claim(tenant.id(), idempotencyKey,
                "POST /v1/conversations/" + conversationId + "/messages:import", asked, UUID.randomUUID());
        return this.memory.importMessages(tenant.id(), conversationId,
                new dev.skein.contracts.internal.ImportRequest(inputs, requestId, request.userId()));
    }

    /**
     * @param userId the user the conversation belongs to: set when it has none, a 409
     * when it belongs to another user
     */
    record ImportRequest(List<MessageRequest> messages,
            @Schema(description = "The user (of your tenant) the conversation belongs to; set once, another user "
                    + "later is a 409", requiredMode = Schema.RequiredMode.NOT_REQUIRED) String userId) {
    }

}
