package dev.skein.generation.extractive;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.skein.contracts.Evidence;

import org.springframework.stereotype.Component;

/**
 * The reply when no LLM is configured or the LLM failed: the recalled memories
 * themselves, quoted best first. It invents nothing and says so in its first line, so no
 * one mistakes it for a model's answer. Deterministic: the same evidence always gives the
 * same reply.
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
     * Words per streamed piece: enough pieces to show progress, few enough to keep Kafka
     * quiet.
     */
    static final int WORDS_PER_PIECE = 8;

    public ExtractiveReply reply(List<Evidence> evidence) {
        List<Evidence> best = new ArrayList<>();
        for (Evidence item : evidence == null ? List.<Evidence>of() : evidence) {
            if (item.text() != null && !item.text().isBlank()) {
                best.add(item);
            }
        }
        // A stable sort: equal scores keep the retrieval-service's order.
        best.sort(Comparator.comparingDouble(Evidence::score).reversed());
        if (best.size() > MAX_QUOTES) {
            best = best.subList(0, MAX_QUOTES);
        }
        if (best.isEmpty()) {
            return new ExtractiveReply(LABEL + "\n" + NOTHING_FOUND, List.of());
        }
        StringBuilder content = new StringBuilder(LABEL).append('\n').append(FOUND);
        for (Evidence item : best) {
            content.append("\n- ").append(date(item)).append(": \"").append(quote(item.text())).append('"');
        }
        return new ExtractiveReply(content.toString(), List.copyOf(best));
    }

    /**
     * Splits a reply into groups of words for streaming; the pieces concatenate to
     * exactly the reply, whitespace included.
     */
    public static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int words = 0;
        int i = 0;
        while (i < content.length()) {
            // a word and the whitespace after it
            while (i < content.length() && !Character.isWhitespace(content.charAt(i))) {
                i++;
            }
            while (i < content.length() && Character.isWhitespace(content.charAt(i))) {
                i++;
            }
            words++;
            if (words == WORDS_PER_PIECE || i == content.length()) {
                pieces.add(content.substring(start, i));
                start = i;
                words = 0;
            }
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
