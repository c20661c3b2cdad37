package dev.skein.memory.stream;

import dev.skein.platform.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.skein.contracts.MessageInput;
import dev.skein.contracts.Roles;
import dev.skein.memory.MemoryProperties;

import org.springframework.stereotype.Component;

/**
 * What a message and an id must look like. The gateway checks the same, but this service
 * is the system of record and never trusts its input.
 */
@Component
public class MessageRules {

    /**
     * Conversation ids are chosen by clients (DESIGN.md); tenant ids by the gateway, same
     * alphabet.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final int MAX_SPEAKER_CHARS = 128;

    private static final int MAX_EXTERNAL_ID_CHARS = 256;

    private final MemoryProperties properties;

    MessageRules(MemoryProperties properties) {
        this.properties = properties;
    }

    public List<FieldError> checkIds(String tenantId, String conversationId) {
        List<FieldError> violations = new ArrayList<>();
        if (tenantId == null || !ID.matcher(tenantId).matches()) {
            violations.add(new FieldError("tenantId", "must match " + ID.pattern()));
        }
        if (conversationId == null || !ID.matcher(conversationId).matches()) {
            violations.add(new FieldError("conversationId", "must match " + ID.pattern()));
        }
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
        if (message.content() == null || message.content().isBlank()) {
            violations.add(new FieldError(path + ".content", "must not be blank"));
        }
        else if (message.content().length() > this.properties.maxContentChars()) {
            violations.add(new FieldError(path + ".content",
                    "must be at most " + this.properties.maxContentChars() + " characters"));
        }
        if (message.speaker() != null
                && (message.speaker().isBlank() || message.speaker().length() > MAX_SPEAKER_CHARS)) {
            violations.add(new FieldError(path + ".speaker", "must be 1 to " + MAX_SPEAKER_CHARS + " characters"));
        }
        if (message.externalId() != null
                && (message.externalId().isBlank() || message.externalId().length() > MAX_EXTERNAL_ID_CHARS)) {
            violations
                .add(new FieldError(path + ".externalId", "must be 1 to " + MAX_EXTERNAL_ID_CHARS + " characters"));
        }
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
