package dev.skein.memory.salience;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a message asks something or points to the past: SCM's cues that recall is
 * needed.
 */
public final class Cues {

    private static final Pattern QUESTION_WORD = Pattern.compile(
            "^\\s*(what|when|where|who|whom|whose|which|why|how|do|does|did|is|are|was|were|can|could|should|would|will|have|has)\\b");

    private static final Pattern PAST = Pattern
        .compile("\\b(remember|recall|last time|before|ago|you said|i said|i told you|earlier|again|previously)\\b");

    private Cues() {
    }

    public static boolean isQuestion(String text) {
        if (text == null) {
            return false;
        }
        return text.indexOf('?') >= 0 || QUESTION_WORD.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    public static boolean refersToPast(String text) {
        return text != null && PAST.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

}
