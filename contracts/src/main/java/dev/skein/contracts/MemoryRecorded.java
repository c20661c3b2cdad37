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
 */
public record MemoryRecorded(UUID eventId, Instant occurredAt, String tenantId, String conversationId,
        UUID conversationUid, UUID memoryId, String kind, @Nullable String role, @Nullable String speaker, String text,
        List<UUID> messageIds, List<String> externalIds, long firstSequence, long lastSequence, Instant createdAt,
        List<String> keyPhrases, List<UUID> supersedes) implements ConversationScoped {

    public MemoryRecorded {
        keyPhrases = keyPhrases == null ? List.of() : keyPhrases.stream().filter(Objects::nonNull).toList();
        supersedes = supersedes == null ? List.of() : supersedes.stream().filter(Objects::nonNull).toList();
    }
}
