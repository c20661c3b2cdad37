package dev.skein.generation.inspect;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Drops an erased conversation's prompts from this instance's {@link TurnPromptLog}. The
 * log is per instance, so every instance must see every erasure: a consumer group of its
 * own (a random id, from the newest record on: the log starts empty).
 */
@Component
class PromptLogEraser {

    private static final Logger log = LoggerFactory.getLogger(PromptLogEraser.class);

    private final TurnPromptLog prompts;

    PromptLogEraser(TurnPromptLog prompts) {
        this.prompts = prompts;
    }

    @KafkaListener(topics = Topics.CONVERSATION_ERASED,
            groupId = "generation-prompt-log-#{T(java.util.UUID).randomUUID().toString()}",
            properties = "auto.offset.reset=latest")
    void on(ConversationErased erased) {
        if (erased.tenantId() == null || erased.conversationId() == null) {
            return;
        }
        int dropped = this.prompts.erase(erased.tenantId(), erased.conversationId());
        if (dropped > 0) {
            log.info("Dropped {} prompts of an erased conversation", dropped);
        }
    }

}
