package dev.skein.generation.inspect;

import java.time.Instant;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import dev.skein.platform.kafka.ListenerConcurrency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Deletes an erased conversation's prompts from the {@link TurnPromptLog}. A consumer
 * group of its own, shared by the instances (the prompts are in the database): the
 * service's group already reads the erasures for the writing jobs, and two listeners of
 * one group would split the topic's partitions between them.
 */
@Component
class PromptLogEraser {

    private static final Logger log = LoggerFactory.getLogger(PromptLogEraser.class);

    private final TurnPromptLog prompts;

    PromptLogEraser(TurnPromptLog prompts) {
        this.prompts = prompts;
    }

    @KafkaListener(topics = Topics.CONVERSATION_ERASED, groupId = "${spring.application.name}-prompts",
            concurrency = ListenerConcurrency.ONE)
    void on(ConversationErased erased) {
        if (erased.tenantId() == null || erased.conversationId() == null) {
            return;
        }
        int dropped = this.prompts.erase(erased.tenantId(), erased.conversationId(),
                erased.occurredAt() != null ? erased.occurredAt() : Instant.now());
        if (dropped > 0) {
            log.info("Deleted {} prompts of an erased conversation", dropped);
        }
    }

}
