package dev.skein.contracts;

import java.util.Map;

/**
 * Topic names, versioned {@code <domain>.<event>.v1}. Each topic carries exactly one event type,
 * so the wire needs no class names: the topic says what the JSON is.
 */
public final class Topics {

    public static final String TURN_REQUESTED = "chat.turn-requested.v1";
    public static final String MEMORY_RECORDED = "memory.memory-recorded.v1";
    public static final String RECALL_REQUESTED = "memory.recall-requested.v1";
    public static final String EVIDENCE_RETRIEVED = "retrieval.evidence-retrieved.v1";
    public static final String REPLY_DELTA = "generation.reply-delta.v1";
    public static final String REPLY_GENERATED = "generation.reply-generated.v1";
    public static final String TURN_COMPLETED = "chat.turn-completed.v1";
    public static final String TURN_FAILED = "chat.turn-failed.v1";
    public static final String CONVERSATION_ERASED = "memory.conversation-erased.v1";

    /** The one event type of every topic. */
    public static final Map<String, Class<? extends SkeinEvent>> TYPES = Map.of(
            TURN_REQUESTED, TurnRequested.class,
            MEMORY_RECORDED, MemoryRecorded.class,
            RECALL_REQUESTED, RecallRequested.class,
            EVIDENCE_RETRIEVED, EvidenceRetrieved.class,
            REPLY_DELTA, ReplyDelta.class,
            REPLY_GENERATED, ReplyGenerated.class,
            TURN_COMPLETED, TurnCompleted.class,
            TURN_FAILED, TurnFailed.class,
            CONVERSATION_ERASED, ConversationErased.class);

    /** Kafka header carrying the request's correlation id from the gateway through every hop. */
    public static final String CORRELATION_HEADER = "skein-correlation-id";

    private Topics() {
    }

    public static String topicOf(SkeinEvent event) {
        return TYPES.entrySet().stream()
                .filter(entry -> entry.getValue() == event.getClass())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic for " + event.getClass().getName()));
    }
}
