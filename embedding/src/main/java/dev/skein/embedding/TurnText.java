package dev.skein.embedding;

/**
 * A chat turn as the index embeds it: "speaker: text", after the end of the turn said
 * just before it. One construction for the retrieval-service's indexer and the floor
 * benchmark, so that both measure the same work.
 */
public final class TurnText {

    /**
     * Words of the previous turn embedded with a turn. The end of the turn before is what
     * a reply answers ("Yes, last May!" after "...when did you move?"); the whole turn
     * doubled the model's work (its cost is linear in word pieces, about 0.2 ms each on
     * one thread here) and diluted the turn's own words. LoCoMo dev, a fresh import each
     * (docs/decisions.md, "A turn's context is the end of the turn before"): R@10 83.9%
     * and R@1000tk 89.1% with the whole turn, 84.9% and 90.1% with its last 8 words.
     */
    public static final int CONTEXT_WORDS = 8;

    private TurnText() {
    }

    /** "speaker: text", or the text alone when the speaker is not known. */
    public static String spoken(String speaker, String text) {
        return speaker == null || speaker.isBlank() ? text : speaker.strip() + ": " + text;
    }

    /**
     * The previous turn as context: its speaker and its last {@code words} words
     * ({@link #spoken} of the whole text when it has no more).
     */
    public static String context(String speaker, String text, int words) {
        return spoken(speaker, lastWords(text, words));
    }

    static String lastWords(String text, int words) {
        String stripped = text.strip();
        int found = 0;
        for (int i = stripped.length() - 1; i > 0; i--) {
            // a word starts here
            if (!Character.isWhitespace(stripped.charAt(i)) && Character.isWhitespace(stripped.charAt(i - 1))
                    && ++found == words) {
                return stripped.substring(i);
            }
        }
        return stripped;
    }

}
