package dev.skein.generation.writing.sections;

import java.util.Locale;

/**
 * The constraint checks of a section's text besides its length: the document puts the
 * section's heading itself, so a heading the model repeated (a markdown heading, or a
 * first line that is the title) is dropped rather than counted and printed twice.
 */
public final class SectionText {

    private SectionText() {
    }

    public static String clean(String text, String title) {
        if (text == null) {
            return "";
        }
        String result = text.strip();
        int newline = result.indexOf('\n');
        String first = newline < 0 ? result : result.substring(0, newline);
        if (newline >= 0 && (first.startsWith("#") || normalised(first).equals(normalised(title)))) {
            result = result.substring(newline + 1).strip();
        }
        return result;
    }

    private static String normalised(String line) {
        return line.replaceAll("[#*_:\"]", "").strip().toLowerCase(Locale.ROOT);
    }

}
