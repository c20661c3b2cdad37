package dev.skein.gateway.turn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.gateway.message.MessageRequest;
import dev.skein.gateway.message.MessageValidator;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * One message in, and (for a user message) the assistant's reply out, as JSON or as SSE.
 * The result is a future so that no servlet thread waits for the reply; it resolves to a
 * {@link ResponseEntity} or, when streaming, to an {@code SseEmitter}.
 */
@RestController
class TurnController {

    private final MessageValidator validator;

    private final ChatTurns turns;

    private final MemoryApi memory;

    TurnController(MessageValidator validator, ChatTurns turns, MemoryApi memory) {
        this.validator = validator;
        this.turns = turns;
        this.memory = memory;
    }

    @PostMapping(path = "/v1/conversations/{conversationId}/messages",
            produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE })
    CompletableFuture<Object> post(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId, @RequestBody MessageRequest message, HttpServletRequest request) {
        ConversationIds.require(conversationId);
        boolean reply = validate(message);
        MessageInput input = this.validator.toInput(message);
        if (!reply) {
            return CompletableFuture.completedFuture(store(tenant, conversationId, input));
        }
        boolean stream = Boolean.TRUE.equals(message.stream()) || acceptsEventStream(request);
        if (stream) {
            return CompletableFuture.completedFuture(this.turns.stream(tenant.id(), conversationId, input,
                    request.getRequestURI(), turnId -> new SkeinStreamFormat()));
        }
        return this.turns.answer(tenant.id(), conversationId, input, Function.identity());
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

    private ResponseEntity<Object> store(Tenant tenant, String conversationId, MessageInput input) {
        ImportResponse imported = this.memory.importMessages(tenant.id(), conversationId,
                new ImportRequest(List.of(input)));
        ImportResponse.ImportedMessage stored = imported.messages().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageId", stored.messageId());
        body.put("sequence", stored.sequence());
        // the memory-service's watermark is its stream sequence; the public API gives it
        // as a number
        body.put("watermark", Long.parseLong(imported.watermark()));
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
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
