package dev.skein.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * memory-service → retrieval-service: a memory chunk to index (a turn, a window of turns
 * or a summary). Indexing upserts on {@code memoryId}, so a redelivery changes nothing.
 *
 * @param conversationUid the conversation's internal id; a deleted and re-created
 * conversation gets a new one, so late events of the deleted one can be recognised and
 * dropped
 * @param role the role of a turn's message; null for windows and summaries
 * @param speaker who said a turn; null for windows and summaries, whose text names
 * speakers
 * @param lastSequence the stream position this memory reaches; the index's watermark
 * @param keyPhrases a turn's key phrases (SirLLM), most informative first: extra index
 * keys that point back to the turn (LongMemEval's key expansion); empty for other kinds
 * @param supersedes older memories this turn restates with something new (knowledge
 * updates): the search ranks this one above them; empty when none (the constructor reads
 * null as empty)
 * @param revision which correction of the texts it was built from, on the conversation's
 * edit clock (each {@code PATCH} of a turn's text takes the next number): for a turn, the
 * revision of its own text (0 until it is corrected); for a window, summary or fact, the
 * clock when it was built. The index refuses a memory that holds a corrected turn and is
 * older than its correction ({@code 0} from a producer that does not know it)
 * <p>
 * Kind {@value #IMPORT_KIND} is no memory: it announces, on
 * {@link Topics#MEMORY_RECORDED}, that an import recorded the sequences
 * {@code firstSequence} to {@code lastSequence}, whose memories come on
 * {@link Topics#MEMORY_IMPORTED}. Until they are indexed, the index is not through them,
 * whatever newer turns it holds.
 */
public record MemoryRecorded(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID memoryId, String kind, @Nullable String role, @Nullable String speaker, String text,
        List<UUID> messageIds, List<String> externalIds, long firstSequence, long lastSequence, Instant createdAt,
        List<String> keyPhrases, List<UUID> supersedes, long revision) implements ConversationScoped {

    /** The kind of the announcement of an import's range (no memory). */
    public static final String IMPORT_KIND = "import";

    public MemoryRecorded {
        keyPhrases = keyPhrases == null ? List.of() : keyPhrases.stream().filter(Objects::nonNull).toList();
        supersedes = supersedes == null ? List.of() : supersedes.stream().filter(Objects::nonNull).toList();
    }

    /** A memory built from texts never corrected (revision 0). */
    public MemoryRecorded(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
            UUID conversationUid, UUID memoryId, String kind, @Nullable String role, @Nullable String speaker,
            String text, List<UUID> messageIds, List<String> externalIds, long firstSequence, long lastSequence,
            Instant createdAt, List<String> keyPhrases, List<UUID> supersedes) {
        this(eventId, occurredAt, tenantId, conversationId, conversationUid, memoryId, kind, role, speaker, text,
                messageIds, externalIds, firstSequence, lastSequence, createdAt, keyPhrases, supersedes, 0);
    }

    /**
     * The announcement that an import recorded {@code firstSequence} to
     * {@code lastSequence} of the conversation.
     */
    public static MemoryRecorded imported(Instant occurredAt, String tenantId, String conversationId,
            UUID conversationUid, long firstSequence, long lastSequence) {
        return new MemoryRecorded(UUID.randomUUID(), occurredAt, tenantId, conversationId, conversationUid,
                UUID.randomUUID(), IMPORT_KIND, null, null, "", List.of(), List.of(), firstSequence, lastSequence,
                occurredAt, List.of(), List.of());
    }

    /** Whether this announces an import's range instead of carrying a memory. */
    public boolean announcesImport() {
        return IMPORT_KIND.equals(this.kind);
    }

    /** The same memory at another revision. */
    public MemoryRecorded withRevision(long revision) {
        return new MemoryRecorded(this.eventId, this.occurredAt, this.tenantId, this.conversationId,
                this.conversationUid, this.memoryId, this.kind, this.role, this.speaker, this.text, this.messageIds,
                this.externalIds, this.firstSequence, this.lastSequence, this.createdAt, this.keyPhrases,
                this.supersedes, revision);
    }
}
