package dev.skein.memory.stream;

import dev.skein.platform.web.ClientIds;
import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.memory.MemoryProperties;

import org.springframework.stereotype.Component;

/**
 * What a message and an id must look like. The gateway checks the same, but this service
 * is the system of record and never trusts its input: a message the database would refuse
 * ({@link Storable}) is a 400 on the import path and a failed turn on the chat path,
 * never an error retried three times and parked on the dead-letter topic.
 */
@Component
public class MessageRules {

    private static final int MAX_SPEAKER_CHARS = 128;

    private static final int MAX_EXTERNAL_ID_CHARS = 256;

    private final MemoryProperties properties;

    MessageRules(MemoryProperties properties) {
        this.properties = properties;
    }

    public List<FieldError> checkIds(String tenantId, String conversationId) {
        List<FieldError> violations = new ArrayList<>();
        // conversation ids are chosen by clients (DESIGN.md), tenant ids by operators:
        // same rule
        if (!ClientIds.valid(tenantId)) {
            violations.add(new FieldError("tenantId", ClientIds.RULE));
        }
        if (!ClientIds.valid(conversationId)) {
            violations.add(new FieldError("conversationId", ClientIds.RULE));
        }
        return violations;
    }

    /** A user id, when one is given: the same rule as every client-chosen id. */
    public List<FieldError> checkUserId(@Nullable String userId) {
        if (userId == null || ClientIds.valid(userId)) {
            return List.of();
        }
        return List.of(new FieldError("userId", ClientIds.RULE));
    }

    /**
     * A message's content (or a memory's corrected text): not blank, not too long, and
     * storable (no NUL, no lone surrogate).
     */
    public List<FieldError> checkContent(String content, String field) {
        List<FieldError> violations = new ArrayList<>();
        if (content == null || content.isBlank()) {
            violations.add(new FieldError(field, "must not be blank"));
        }
        else if (content.length() > this.properties.maxContentChars()) {
            violations
                .add(new FieldError(field, "must be at most " + this.properties.maxContentChars() + " characters"));
        }
        Storable.checkText(content, field, violations);
        return violations;
    }

    public List<FieldError> check(MessageInput message, String path) {
        List<FieldError> violations = new ArrayList<>();
        if (message == null) {
            violations.add(new FieldError(path, "must not be null"));
            return violations;
        }
        if (message.role() == null || !Roles.ALL.contains(message.role())) {
            violations.add(new FieldError(path + ".role", "must be one of user, assistant, system"));
        }
        violations.addAll(checkContent(message.content(), path + ".content"));
        if (message.speaker() != null
                && (message.speaker().isBlank() || message.speaker().length() > MAX_SPEAKER_CHARS)) {
            violations.add(new FieldError(path + ".speaker", "must be 1 to " + MAX_SPEAKER_CHARS + " characters"));
        }
        Storable.checkText(message.speaker(), path + ".speaker", violations);
        if (message.externalId() != null
                && (message.externalId().isBlank() || message.externalId().length() > MAX_EXTERNAL_ID_CHARS)) {
            violations
                .add(new FieldError(path + ".externalId", "must be 1 to " + MAX_EXTERNAL_ID_CHARS + " characters"));
        }
        Storable.checkText(message.externalId(), path + ".externalId", violations);
        if (!Storable.instant(message.createdAt())) {
            violations.add(new FieldError(path + ".createdAt", Storable.INSTANT_RULE));
        }
        Storable.checkJson(message.metadata(), path + ".metadata", violations);
        return violations;
    }

    List<FieldError> checkImport(List<MessageInput> messages) {
        List<FieldError> violations = new ArrayList<>();
        if (messages == null || messages.isEmpty()) {
            violations.add(new FieldError("messages", "must contain at least one message"));
            return violations;
        }
        if (messages.size() > this.properties.maxImportMessages()) {
            violations.add(new FieldError("messages",
                    "must contain at most " + this.properties.maxImportMessages() + " messages"));
            return violations;
        }
        for (int i = 0; i < messages.size(); i++) {
            violations.addAll(check(messages.get(i), "messages[" + i + "]"));
        }
        return violations;
    }

}
