package dev.skein.gateway.turn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.gateway.idempotency.IdempotencyKeys;
import dev.skein.gateway.message.MessageRequest;
import dev.skein.gateway.message.MessageValidator;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * One message in, and (for a user message) the assistant's reply out, as JSON or as SSE.
 * The result is a future so that no servlet thread waits for the reply; it resolves to a
 * {@link ResponseEntity} or, when streaming, to an {@code SseEmitter}. Sent again with
 * the same externalId or {@code Idempotency-Key}, a message is stored once and a turn is
 * answered with its first reply.
 */
@RestController
class TurnController {

    private final MessageValidator validator;

    private final ChatTurns turns;

    private final MemoryApi memory;

    private final IdempotencyKeys keys;

    TurnController(MessageValidator validator, ChatTurns turns, MemoryApi memory, IdempotencyKeys keys) {
        this.validator = validator;
        this.turns = turns;
        this.memory = memory;
        this.keys = keys;
    }

    @PostMapping(path = "/v1/conversations/{conversationId}/messages",
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE })
    CompletableFuture<Object> post(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId, @RequestBody MessageRequest message,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            HttpServletRequest request) {
        ConversationIds.require(conversationId);
        boolean reply = validate(message);
        MessageInput input = this.validator.toInput(message);
        String operation = "POST /v1/conversations/" + conversationId + "/messages";
        // what the request asks for; stream and Accept only choose how the answer is sent
        String userId = message.userId();
        Map<String, Object> asked = userId == null ? Map.of("message", input, "reply", reply)
                : Map.of("message", input, "reply", reply, "userId", userId);
        if (!reply) {
            UUID requestId = idempotencyKey == null ? null
                    : this.keys.claim(tenant.id(), idempotencyKey, operation, asked, UUID.randomUUID());
            return CompletableFuture.completedFuture(store(tenant, conversationId, input, requestId, userId));
        }
        UUID turnId = this.turns.turnId(tenant.id(), conversationId, input, idempotencyKey, operation, asked);
        boolean stream = Boolean.TRUE.equals(message.stream()) || acceptsEventStream(request);
        if (stream) {
            return CompletableFuture.completedFuture(this.turns.stream(tenant.id(), conversationId, userId, turnId,
                    input, null, request.getRequestURI(), id -> new SkeinStreamFormat()));
        }
        return this.turns.answer(tenant.id(), conversationId, userId, turnId, input, null, Function.identity());
    }

    /** Validates the message; answers whether a reply is wanted. */
    private boolean validate(MessageRequest message) {
        List<FieldError> errors = new ArrayList<>();
        this.validator.validate(message, "", errors);
        boolean reply = message.reply() != null ? message.reply() : Roles.USER.equals(message.role());
        if (reply && message.role() != null && !Roles.USER.equals(message.role())) {
            errors.add(new FieldError("reply", "can only be true for role user"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return reply;
    }

    private ResponseEntity<Object> store(Tenant tenant, String conversationId, MessageInput input,
            @Nullable UUID requestId, @Nullable String userId) {
        ImportResponse imported;
        try {
            imported = this.memory.importMessages(tenant.id(), conversationId,
                    new ImportRequest(List.of(input), requestId, userId));
        }
        catch (ProblemException ex) {
            renameForOneMessage(ex.problem());
            throw ex;
        }
        ImportResponse.ImportedMessage stored = imported.messages().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageId", stored.messageId());
        body.put("sequence", stored.sequence());
        // the memory-service's watermark is its stream sequence; the public API gives it
        // as a number
        body.put("watermark", Long.parseLong(imported.watermark()));
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    /**
     * A problem about the import's only message, renamed to this API's fields
     * ({@code externalId}, not {@code messages[0].externalId}).
     */
    private static void renameForOneMessage(ProblemDetail problem) {
        String entry = "^messages\\[0\\]\\.";
        if (problem.getDetail() != null) {
            problem.setDetail(problem.getDetail().replaceFirst(entry, ""));
        }
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> errors) {
            List<Object> renamed = new ArrayList<>();
            for (Object error : errors) {
                renamed.add(error instanceof Map<?, ?> field && field.get("field") instanceof String name
                        ? new FieldError(name.replaceFirst(entry, ""), String.valueOf(field.get("message"))) : error);
            }
            problem.setProperty("errors", renamed);
        }
    }

    private static boolean acceptsEventStream(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept)
                .stream()
                .anyMatch(type -> MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type));
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }

}
