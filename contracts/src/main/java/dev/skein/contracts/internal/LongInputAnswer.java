package dev.skein.contracts.internal;

import java.util.List;

/**
 * The passages of a long text that answer a question, best first.
 *
 * @param windows how many windows the text was read in
 * @param documentTokens the text's length in tokens (cl100k_base)
 */
public record LongInputAnswer(List<Passage> evidence, int windows, int documentTokens) {

    /**
     * A sentence of the text; {@code start} and {@code end} (exclusive) are its character
     * offsets.
     */
    public record Passage(String text, double score, int start, int end) {
    }
}
