package dev.skein.generation.extractive;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.FlashTurn;
import dev.skein.platform.text.Words;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The reply when no LLM is configured or the LLM failed: what the memory controller
 * assembled for this turn — the recent turns of flash memory and the recalled memories —
 * ranked together by how many of the message's content words each one holds, and quoted
 * best first. It invents nothing and says so in its first line, so no one mistakes it for
 * a model's answer. Deterministic: the same turn always gives the same reply.
 */
@Component
public class ExtractiveResponder {

    public static final String LABEL = "[Skein extractive responder — no LLM wrote this reply; it quotes your stored memories.]";

    static final String FOUND = "The most relevant things said earlier in this conversation:";

    static final String NOTHING_FOUND = "No earlier memory of this conversation matches your message, "
            + "so there is nothing stored to quote.";

    static final int MAX_QUOTES = 5;

    static final int MAX_QUOTE_CHARS = 300;

    /**
     * Words of the first streamed piece; the rest of the reply follows as one piece. The
     * whole reply is there at once, so more pieces would show no progress: each is a
     * Kafka record the generation-service encrypts and sends and the gateway decrypts and
     * writes. In 8-word pieces the sends were a quarter of a streamed turn's generation
     * stage (docs/perf/turn-path-profile.md, twelfth round).
     */
    static final int WORDS_IN_FIRST_PIECE = 8;

    /**
     * @param message the user's message of this turn (null: nothing to match)
     * @param flash the most recent turns before it, oldest first: quoted when they share
     * a content word with the message (a fact said a minute ago is not archived yet)
     * @param evidence the recalled memories, best first by the retrieval-service's score:
     * all of them are candidates, since retrieval found them by meaning
     */
    public ExtractiveReply reply(@Nullable FlashTurn message, @Nullable List<FlashTurn> flash,
            @Nullable List<Evidence> evidence) {
        Set<String> asked = new HashSet<>(Words.contentWords(message == null ? null : message.content()));
        UUID messageId = message == null ? null : message.messageId();
        List<Candidate> candidates = new ArrayList<>();
        Set<UUID> quotedMessages = new HashSet<>();
        List<Evidence> recalled = new ArrayList<>(evidence == null ? List.of() : evidence);
        // A stable sort: equal scores keep the retrieval-service's order.
        recalled.sort(Comparator.comparingDouble(Evidence::score).reversed());
        for (Evidence item : recalled) {
            if (item.text() != null && !item.text().isBlank()) {
                candidates.add(new Candidate(item, overlap(asked, item.text()), candidates.size()));
                quotedMessages.addAll(item.messageIds() == null ? List.of() : item.messageIds());
            }
        }
        List<FlashTurn> recentFirst = new ArrayList<>(flash == null ? List.of() : flash);
        recentFirst.sort(Comparator.comparingLong(FlashTurn::sequence).reversed());
        for (FlashTurn turn : recentFirst) {
            int shared = overlap(asked, turn.content());
            // an earlier extractive reply only repeats memories; a recalled turn is there
            // already
            if (shared > 0 && !turn.content().startsWith(LABEL) && !quotedMessages.contains(turn.messageId())
                    && !turn.messageId().equals(messageId)) {
                candidates.add(new Candidate(asEvidence(turn), shared, candidates.size()));
            }
        }
        // most shared words first; then recalled memories in retrieval order, then recent
        // turns
        candidates.sort(Comparator.comparingInt(Candidate::shared).reversed().thenComparingInt(Candidate::order));
        List<Evidence> best = candidates.stream().limit(MAX_QUOTES).map(Candidate::evidence).toList();
        if (best.isEmpty()) {
            return new ExtractiveReply(LABEL + "\n" + NOTHING_FOUND, List.of());
        }
        StringBuilder content = new StringBuilder(LABEL).append('\n').append(FOUND);
        for (Evidence item : best) {
            content.append("\n- ").append(date(item)).append(": \"").append(quote(item.text())).append('"');
        }
        return new ExtractiveReply(content.toString(), best);
    }

    private static int overlap(Set<String> asked, String text) {
        if (asked.isEmpty()) {
            return 0;
        }
        Set<String> said = new HashSet<>(Words.contentWords(text));
        said.retainAll(asked);
        return said.size();
    }

    /**
     * A flash turn quoted like a recalled turn, so the reply's evidence traces it the
     * same way.
     */
    private static Evidence asEvidence(FlashTurn turn) {
        String text = turn.speaker() == null || turn.speaker().isBlank() ? turn.content()
                : turn.speaker() + ": " + turn.content();
        return new Evidence(turn.messageId(), "turn", turn.speaker(), text, 0,
                turn.externalId() == null ? List.of() : List.of(turn.externalId()), List.of(turn.messageId()),
                turn.sequence(), turn.sequence(), turn.createdAt());
    }

    private record Candidate(Evidence evidence, int shared, int order) {
    }

    /**
     * Splits a reply for streaming: its first words, then the rest; the pieces
     * concatenate to exactly the reply, whitespace included.
     */
    public static List<String> pieces(String content) {
        int i = 0;
        for (int words = 0; words < WORDS_IN_FIRST_PIECE && i < content.length(); words++) {
            // a word and the whitespace after it
            while (i < content.length() && !Character.isWhitespace(content.charAt(i))) {
                i++;
            }
            while (i < content.length() && Character.isWhitespace(content.charAt(i))) {
                i++;
            }
        }
        List<String> pieces = new ArrayList<>(2);
        if (i > 0) {
            pieces.add(content.substring(0, i));
        }
        if (i < content.length()) {
            pieces.add(content.substring(i));
        }
        return pieces;
    }

    private static String date(Evidence item) {
        return item.createdAt() == null ? "undated"
                : item.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** One line per quote: a window of several turns reads "Alice: … / Bob: …". */
    static String quote(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " / ").replaceAll("[ \\t]+", " ");
        if (line.length() <= MAX_QUOTE_CHARS) {
            return line;
        }
        int cut = line.lastIndexOf(' ', MAX_QUOTE_CHARS);
        // Cut at a word boundary unless that would throw away most of the quote.
        if (cut < MAX_QUOTE_CHARS * 2 / 3) {
            cut = MAX_QUOTE_CHARS;
            if (Character.isHighSurrogate(line.charAt(cut - 1))) {
                cut--; // never split an emoji in half
            }
        }
        return line.substring(0, cut).stripTrailing() + "…";
    }

}
