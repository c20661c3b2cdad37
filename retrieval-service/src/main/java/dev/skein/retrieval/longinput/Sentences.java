package dev.skein.retrieval.longinput;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a document into sentences with their char offsets, whitespace trimmed off both
 * ends.
 */
final class Sentences {

    private Sentences() {
    }

    /**
     * @param maxChars a "sentence" longer than this (a table, a log without full stops)
     * is cut into pieces, so that one piece always fits in a window
     */
    static List<Span> split(String text, int maxChars) {
        List<Span> spans = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int start = sentences.first();
        for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
            for (int from = start; from < end; from += maxChars) {
                add(spans, text, from, Math.min(end, from + maxChars));
            }
        }
        return spans;
    }

    private static void add(List<Span> spans, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            spans.add(new Span(start, end, text.substring(start, end)));
        }
    }

    /** A sentence: {@code text.substring(start, end)} of the document. */
    record Span(int start, int end, String text) {
    }

}
