package dev.skein.gateway.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;

import org.springframework.stereotype.Component;

/**
 * Checks a message against the API's limits and turns it into the {@link MessageInput} of
 * the contracts. Field names are prefixed (e.g. {@code messages[3].}) so an import names
 * the item. Every text must be storable as sent ({@link Storable}): a message the
 * database would refuse is a 400 here, before it reaches Kafka or the memory-service.
 */
@Component
public class MessageValidator {

    static final int MAX_SPEAKER = 128;

    static final int MAX_EXTERNAL_ID = 128;

    private final GatewayProperties properties;

    private final JsonMapper jsonMapper;

    MessageValidator(GatewayProperties properties, JsonMapper jsonMapper) {
        this.properties = properties;
        this.jsonMapper = jsonMapper;
    }

    /** Adds an error for every bad field of {@code message} to {@code errors}. */
    public void validate(MessageRequest message, String prefix, List<FieldError> errors) {
        if (message == null) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a message object"));
            return;
        }
        if (message.role() == null) {
            errors.add(new FieldError(prefix + "role", "is required"));
        }
        else if (!Roles.ALL.contains(message.role())) {
            errors.add(new FieldError(prefix + "role", "must be one of user, assistant, system"));
        }
        if (message.content() == null || message.content().isBlank()) {
            errors.add(new FieldError(prefix + "content", "must not be blank"));
        }
        else if (message.content().length() > this.properties.maxContentChars()) {
            errors.add(new FieldError(prefix + "content",
                    "must be at most " + this.properties.maxContentChars() + " characters"));
        }
        else {
            Storable.checkText(message.content(), prefix + "content", errors);
        }
        // not blank, as the memory-service requires: a turn it refuses would fail after
        // the 202 of Kafka
        if (message.speaker() != null && (message.speaker().isBlank() || message.speaker().length() > MAX_SPEAKER)) {
            errors.add(new FieldError(prefix + "speaker", "must be 1 to " + MAX_SPEAKER + " characters, not blank"));
        }
        else {
            Storable.checkText(message.speaker(), prefix + "speaker", errors);
        }
        if (message.externalId() != null
                && (message.externalId().isBlank() || message.externalId().length() > MAX_EXTERNAL_ID)) {
            errors.add(new FieldError(prefix + "externalId",
                    "must be 1 to " + MAX_EXTERNAL_ID + " characters, not blank"));
        }
        else {
            Storable.checkText(message.externalId(), prefix + "externalId", errors);
        }
        if (message.createdAt() != null && parseInstant(message.createdAt()) == null) {
            errors.add(new FieldError(prefix + "createdAt", "must be an ISO-8601 instant, e.g. 2024-05-01T12:00:00Z"));
        }
        else if (message.createdAt() != null && !Storable.instant(parseInstant(message.createdAt()))) {
            errors.add(new FieldError(prefix + "createdAt", Storable.INSTANT_RULE));
        }
        if (message.userId() != null && !ClientIds.valid(message.userId())) {
            errors.add(new FieldError(prefix + "userId", ClientIds.RULE));
        }
        if (message.metadata() != null && metadataBytes(message) > this.properties.maxMetadataBytes()) {
            errors.add(new FieldError(prefix + "metadata",
                    "must serialize to at most " + this.properties.maxMetadataBytes() + " bytes"));
        }
        else {
            Storable.checkJson(message.metadata(), prefix + "metadata", errors);
        }
    }

    /** The validated message as the services receive it. */
    public MessageInput toInput(MessageRequest message) {
        return new MessageInput(message.role(), message.content(), message.speaker(), message.externalId(),
                message.createdAt() == null ? null : parseInstant(message.createdAt()), message.metadata());
    }

    private int metadataBytes(MessageRequest message) {
        return this.jsonMapper.writeValueAsString(message.metadata()).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            return null;
        }
    }

}
