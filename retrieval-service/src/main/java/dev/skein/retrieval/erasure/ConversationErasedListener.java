package dev.skein.retrieval.erasure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.skein.contracts.ConversationErased;
import dev.skein.contracts.Topics;

@Component
class ConversationErasedListener {

    private static final Logger log = LoggerFactory.getLogger(ConversationErasedListener.class);

    private final ConversationEraser eraser;

    ConversationErasedListener(ConversationEraser eraser) {
        this.eraser = eraser;
    }

    @KafkaListener(topics = Topics.CONVERSATION_ERASED)
    void on(ConversationErased event) {
        if (event.tenantId() == null || event.conversationId() == null) {
            log.error("Skipped {} {} without tenant or conversation", ConversationErased.class.getSimpleName(),
                    event.eventId());
            return;
        }
        this.eraser.erase(event.tenantId(), event.conversationId(), event.conversationUid());
    }

}
