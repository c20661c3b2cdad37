package dev.skein.memory.stream;

import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * No conversation with this id for this tenant (another tenant's conversation is not
 * found either).
 */
class ConversationNotFoundException extends ProblemException {

    ConversationNotFoundException(String tenantId, String conversationId) {
        super(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                "Conversation " + conversationId + " not found"));
    }

}
