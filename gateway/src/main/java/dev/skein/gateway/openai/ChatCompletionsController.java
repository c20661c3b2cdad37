package dev.skein.gateway.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Sampling;
import dev.skein.contracts.Roles;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.gateway.idempotency.IdempotencyKeys;
import dev.skein.gateway.message.MessageRequest;
import dev.skein.gateway.message.MessageValidator;
import dev.skein.gateway.turn.ChatTurns;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;
import dev.skein.platform.web.ValidationException;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's chat-completions API over Skein's turn path, so an app built on an OpenAI SDK
 * only changes its base URL and adds {@code X-Conversation-Id}: the new user message goes
 * through the same turn as {@code POST /v1/conversations/{id}/messages}, with memory
 * recalled by Skein. Errors are in OpenAI's shape ({@link OpenAiErrorFilter}).
 */
@RestController
class ChatCompletionsController {

    static final String CONVERSATION_HEADER = "X-Conversation-Id";

    private static final String DEFAULT_MODEL = "skein";

    static final int MAX_MODEL_CHARS = 256;

    private final ChatTurns turns;

    private final MessageValidator validator;

    private final JsonMapper json;

    ChatCompletionsController(ChatTurns turns, MessageValidator validator, JsonMapper json) {
        this.json = json;
        this.turns = turns;
        this.validator = validator;
    }

    @PostMapping("/v1/chat/completions")
    @Operation(summary = "OpenAI-compatible chat completion with Skein memory",
            description = "The conversation is X-Conversation-Id, else the user field. The user field also names "
                    + "the Skein user the conversation belongs to (recall reaches the user's other conversations; "
                    + "another user for a conversation that has one is a 409). Only the last message is "
                    + "read (role user): Skein already holds the history, so earlier messages are not imported. "
                    + "max_tokens (or max_completion_tokens), temperature, stop and user are passed to the LLM; the "
                    + "extractive responder (no LLM configured) ignores them. With stream=true the answer is OpenAI's "
                    + "SSE chat.completion.chunk stream (data: {...} lines) ending with data: [DONE]. Errors are "
                    + "OpenAI's {\"error\": {message, type, param, code}} with the HTTP status.")
    @ApiResponse(responseCode = "200", description = "The reply, stored in the conversation",
            content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ChatCompletion.class)),
                    @Content(mediaType = "text/event-stream",
                            schema = @Schema(implementation = ChatCompletionChunk.class)) })
    @ApiResponse(responseCode = "4XX",
            description = "Not taken: invalid, without a valid API key, or over the rate limit (OpenAI's error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    @ApiResponse(responseCode = "5XX",
            description = "A Skein service failed or did not answer in time (OpenAI's error shape)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OpenAiError.class)))
    CompletableFuture<Object> complete(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @Parameter(description = "The conversation; takes precedence over the user field") @RequestHeader(
                    name = CONVERSATION_HEADER, required = false) String conversationHeader,
            @Parameter(description = "Sent again with the same key and message, the turn is answered with its "
                    + "first reply; nothing is stored or generated again") @RequestHeader(name = IdempotencyKeys.HEADER,
                            required = false) String idempotencyKey,
            @RequestBody ChatCompletionRequest body, HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String conversationId = conversationId(conversationHeader, body.user(), errors);
        // the user field names the user the conversation belongs to (the user scope of
        // recall); with no header it names the conversation too
        if (conversationHeader != null && body.user() != null && !ClientIds.valid(body.user())) {
            errors.add(new FieldError("user", ClientIds.RULE));
        }
        MessageRequest message = lastUserMessage(body, errors);
        // echoed in every answer and chunk: bounded, and text a JSON answer can carry
        if (body.model() != null && body.model().length() > MAX_MODEL_CHARS) {
            errors.add(new FieldError("model", "must be at most " + MAX_MODEL_CHARS + " characters"));
        }
        else {
            Storable.checkText(body.model(), "model", errors);
        }
        body.checkSampling(errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String model = body.model() == null || body.model().isBlank() ? DEFAULT_MODEL : body.model();
        long created = Instant.now().getEpochSecond();
        MessageInput input = this.validator.toInput(message);
        // compared for the Idempotency-Key: what Skein does with the request (the new
        // turn of this conversation), not the fields it ignores
        UUID turnId = this.turns.turnId(tenant.id(), conversationId, input, idempotencyKey,
                "POST /v1/chat/completions " + conversationId, input);
        Sampling sampling = body.sampling();
        if (Boolean.TRUE.equals(body.stream())) {
            return CompletableFuture
                .completedFuture(this.turns.stream(tenant.id(), conversationId, body.user(), turnId, input, sampling,
                        request.getRequestURI(), id -> new OpenAiStreamFormat(id, model, created, this.json)));
        }
        return this.turns.answer(tenant.id(), conversationId, body.user(), turnId, input, sampling,
                answer -> ChatCompletion.of(answer, model, created));
    }

    static String id(UUID turnId) {
        return "chatcmpl-" + turnId;
    }

    private static String conversationId(String header, String user, List<FieldError> errors) {
        String field = header != null ? CONVERSATION_HEADER : "user";
        String id = header != null ? header : user;
        if (id == null) {
            errors.add(new FieldError(CONVERSATION_HEADER,
                    "is required (or the user field): it names the conversation to remember"));
        }
        else if (!ConversationIds.valid(id)) {
            errors.add(new FieldError(field, ClientIds.RULE));
        }
        return id;
    }

    /** The new turn: the last message, which must be a user message with text content. */
    private MessageRequest lastUserMessage(ChatCompletionRequest body, List<FieldError> errors) {
        if (body.messages() == null || body.messages().isEmpty()) {
            errors.add(new FieldError("messages", "must not be empty"));
            return null;
        }
        int last = body.messages().size() - 1;
        String prefix = "messages[" + last + "].";
        ChatCompletionRequest.ChatMessage message = body.messages().get(last);
        if (message == null) {
            errors.add(new FieldError("messages[" + last + "]", "must be a message object"));
            return null;
        }
        if (!Roles.USER.equals(message.role())) {
            errors.add(new FieldError(prefix + "role", "must be user: the last message is the new turn"));
        }
        String content = text(message.content(), prefix + "content", errors);
        MessageRequest request = new MessageRequest(Roles.USER, content, message.name(), null, null, null, true, null);
        if (content != null) {
            List<FieldError> messageErrors = new ArrayList<>();
            this.validator.validate(request, prefix, messageErrors);
            // the speaker is the OpenAI message's name: report it under the name the
            // client sent
            messageErrors.forEach(error -> errors.add(error.field().equals(prefix + "speaker")
                    ? new FieldError(prefix + "name", error.message()) : error));
        }
        return request;
    }

    /**
     * A string, or the text parts of a content list joined by newlines; anything else is
     * an error.
     */
    private static String text(Object content, String field, List<FieldError> errors) {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof List<?> parts && !parts.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                if (!(part instanceof Map<?, ?> map) || !"text".equals(map.get("type"))
                        || !(map.get("text") instanceof String partText)) {
                    errors.add(new FieldError(field, "only text parts are supported"));
                    return null;
                }
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(partText);
            }
            return text.toString();
        }
        errors.add(new FieldError(field, "must be a string or a list of text parts"));
        return null;
    }

}
