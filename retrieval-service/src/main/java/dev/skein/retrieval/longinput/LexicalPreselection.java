package dev.skein.retrieval.longinput;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sentences of a long text are worth embedding: Okapi BM25 of each sentence against
 * the question's content words (lightly stemmed), plus half of its better neighbour's, so
 * that a sentence answering about a name said just before it comes along. Embedding is
 * what a long-input search costs (milliseconds a sentence, about 50,000 sentences in a
 * million tokens), while this pass reads a million tokens in well under a second: the
 * model then reads only the best few hundred candidates, whatever the length.
 * <p>
 * A paraphrased question still shares its names and most nouns with the sentence that
 * answers it; the embedding ranks the candidates by meaning. A question sharing no word
 * with the text gets no candidates from this pass, and the whole text is read (bounded by
 * the deadline), as before pre-selection.
 */
final class LexicalPreselection {

    /** BM25's term-frequency saturation and length normalization (the usual values). */
    private static final double K1 = 1.2;

    private static final double B = 0.75;

    private static final String[] SUFFIXES = { "ing", "ed", "es", "s", "ly" };

    /** Share of the better neighbour's score a sentence gets. */
    static final double NEIGHBOUR_SHARE = 0.5;

    private LexicalPreselection() {
    }

    /**
     * @param questionWords the question's content words ({@link LongInputSearch#words})
     * @param limit the most sentences selected
     * @return the indexes of the sentences to embed: all of them when there are at most
     * {@code limit}, or when no sentence shares a word with the question
     */
    static BitSet select(List<Sentences.Span> spans, Set<String> questionWords, int limit) {
        BitSet selected = new BitSet(spans.size());
        if (spans.size() <= limit) {
            selected.set(0, spans.size());
            return selected;
        }
        double[] scores = scores(spans, questionWords);
        List<Integer> matched = new ArrayList<>();
        double[] block = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            double before = i > 0 ? scores[i - 1] : 0;
            double after = i + 1 < scores.length ? scores[i + 1] : 0;
            block[i] = scores[i] + NEIGHBOUR_SHARE * Math.max(before, after);
            if (block[i] > 0) {
                matched.add(i);
            }
        }
        if (matched.isEmpty()) {
            selected.set(0, spans.size());
            return selected;
        }
        matched.sort((a, b) -> block[a] != block[b] ? Double.compare(block[b], block[a]) : Integer.compare(a, b));
        matched.stream().limit(limit).forEach(selected::set);
        return selected;
    }

    /**
     * BM25 of every sentence against the question's stemmed words (0 without a match).
     */
    static double[] scores(List<Sentences.Span> spans, Set<String> questionWords) {
        Map<String, Integer> terms = new HashMap<>();
        for (String word : questionWords) {
            terms.putIfAbsent(stem(word), terms.size());
        }
        double[] scores = new double[spans.size()];
        if (terms.isEmpty()) {
            return scores;
        }
        int[] lengths = new int[spans.size()];
        // term frequencies of the sentences with a match only: most have none
        Map<Integer, int[]> frequencies = new HashMap<>();
        int[] documentFrequency = new int[terms.size()];
        long totalLength = 0;
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < spans.size(); s++) {
            String text = spans.get(s).text();
            int length = 0;
            int[] tf = null;
            for (int i = 0; i <= text.length(); i++) {
                char c = i < text.length() ? text.charAt(i) : ' ';
                if (Character.isLetterOrDigit(c)) {
                    word.append(Character.toLowerCase(c));
                    continue;
                }
                if (word.isEmpty()) {
                    continue;
                }
                length++;
                if (word.length() >= 3) {
                    Integer term = terms.get(stem(word.toString()));
                    if (term != null) {
                        if (tf == null) {
                            tf = new int[terms.size()];
                            frequencies.put(s, tf);
                        }
                        if (tf[term]++ == 0) {
                            documentFrequency[term]++;
                        }
                    }
                }
                word.setLength(0);
            }
            lengths[s] = length;
            totalLength += length;
        }
        double averageLength = Math.max(1.0, (double) totalLength / spans.size());
        double n = spans.size();
        double[] idf = new double[terms.size()];
        for (int t = 0; t < idf.length; t++) {
            idf[t] = Math.log(1 + (n - documentFrequency[t] + 0.5) / (documentFrequency[t] + 0.5));
        }
        frequencies.forEach((s, tf) -> {
            double score = 0;
            for (int t = 0; t < tf.length; t++) {
                if (tf[t] > 0) {
                    score += idf[t] * tf[t] * (K1 + 1) / (tf[t] + K1 * (1 - B + B * lengths[s] / averageLength));
                }
            }
            scores[s] = score;
        });
        return scores;
    }

    /**
     * A light English stemmer: plural and verb endings and a final e come off, so that
     * "planted", "plants" and "planting" meet, and "taped" meets "tape". Words of three
     * letters or fewer stay as they are.
     */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        for (String suffix : SUFFIXES) {
            if (w.length() - suffix.length() >= 3 && w.endsWith(suffix) && !w.endsWith("ss")) {
                w = w.substring(0, w.length() - suffix.length());
                break;
            }
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

}
