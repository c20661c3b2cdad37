package dev.skein.contracts;

import java.util.Map;

/**
 * Topic names, versioned {@code <domain>.<event>.v1}. Each topic carries exactly one
 * event type, so the wire needs no class names: the topic says what the JSON is.
 */
public final class Topics {

    public static final String TURN_REQUESTED = "chat.turn-requested.v1";

    public static final String MEMORY_RECORDED = "memory.memory-recorded.v1";

    /**
     * The memories an import recorded: the same events as {@link #MEMORY_RECORDED}, on a
     * topic of their own so that indexing thousands of them does not hold the new turns
     * of the chats keyed to the same partition. The import's range is announced on
     * {@link #MEMORY_RECORDED} ({@link MemoryRecorded#IMPORT_KIND}), so that the index
     * knows what it still waits for.
     */
    public static final String MEMORY_IMPORTED = "memory.memory-imported.v1";

    /** The salient memories after each change ({@link SalienceChanged}). */
    public static final String SALIENCE_CHANGED = "memory.salience-changed.v1";

    public static final String RECALL_REQUESTED = "memory.recall-requested.v1";

    public static final String EVIDENCE_RETRIEVED = "retrieval.evidence-retrieved.v1";

    public static final String REPLY_DELTA = "generation.reply-delta.v1";

    public static final String REPLY_GENERATED = "generation.reply-generated.v1";

    public static final String TURN_COMPLETED = "chat.turn-completed.v1";

    public static final String TURN_FAILED = "chat.turn-failed.v1";

    public static final String CONVERSATION_ERASED = "memory.conversation-erased.v1";

    public static final String SUMMARY_REQUESTED = "memory.summary-requested.v1";

    public static final String SUMMARY_GENERATED = "generation.summary-generated.v1";

    public static final String WRITING_REQUESTED = "chat.writing-requested.v1";

    public static final String WRITING_PROGRESSED = "generation.writing-progressed.v1";

    public static final String MEMORY_SUPERSEDED = "retrieval.memory-superseded.v1";

    /** The one event type of every topic. */
    public static final Map<String, Class<? extends SkeinEvent>> TYPES = Map.ofEntries(
            Map.entry(TURN_REQUESTED, TurnRequested.class), Map.entry(MEMORY_RECORDED, MemoryRecorded.class),
            Map.entry(MEMORY_IMPORTED, MemoryRecorded.class), Map.entry(RECALL_REQUESTED, RecallRequested.class),
            Map.entry(EVIDENCE_RETRIEVED, EvidenceRetrieved.class), Map.entry(REPLY_DELTA, ReplyDelta.class),
            Map.entry(REPLY_GENERATED, ReplyGenerated.class), Map.entry(TURN_COMPLETED, TurnCompleted.class),
            Map.entry(TURN_FAILED, TurnFailed.class), Map.entry(CONVERSATION_ERASED, ConversationErased.class),
            Map.entry(SUMMARY_REQUESTED, SummaryRequested.class), Map.entry(SUMMARY_GENERATED, SummaryGenerated.class),
            Map.entry(WRITING_REQUESTED, WritingRequested.class),
            Map.entry(WRITING_PROGRESSED, WritingProgressed.class),
            Map.entry(MEMORY_SUPERSEDED, MemorySuperseded.class), Map.entry(SALIENCE_CHANGED, SalienceChanged.class));

    /**
     * Kafka header carrying the request's correlation id from the gateway through every
     * hop.
     */
    public static final String CORRELATION_HEADER = "skein-correlation-id";

    /**
     * Kafka headers naming the tenant and conversation of a {@link ConversationScoped}
     * event (ids, not secret): the serializer finds the data key with them.
     */
    public static final String TENANT_HEADER = "skein-tenant-id";

    public static final String CONVERSATION_HEADER = "skein-conversation-id";

    private Topics() {
    }

    public static String topicOf(SkeinEvent event) {
        return TYPES.entrySet()
            .stream()
            // an import's memories are sent to their topic by name
            .filter(entry -> entry.getValue() == event.getClass() && !entry.getKey().equals(MEMORY_IMPORTED))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No topic for " + event.getClass().getName()));
    }

}
