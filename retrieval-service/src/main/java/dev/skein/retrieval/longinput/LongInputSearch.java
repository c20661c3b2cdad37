package dev.skein.retrieval.longinput;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.skein.contracts.internal.LongInputAnswer;
import dev.skein.platform.tokens.TokenCounter;
import dev.skein.retrieval.embedding.Embedder;

/**
 * Finds the sentences of a document too long for any context that answer a question, the
 * way InfiniRetri reads: window by window in order, each window's sentences competing
 * with the best sentences kept so far (the cache), so that memory stays bounded by
 * {@code cacheTokens} however long the document. A sentence's score is the cosine of its
 * embedding to the question's plus a share of the question's words it contains (names and
 * numbers the embedding blurs).
 * <p>
 * Only candidates are embedded: when the text has more than {@value #CANDIDATE_SENTENCES}
 * sentences, a lexical pass ({@link LexicalPreselection}) picks them first, so that a
 * million tokens cost about what a few thousand did (the windows and the token count stay
 * those of the whole text).
 */
@Component
class LongInputSearch {

    /**
     * Weight of the lexical overlap (share of the question's words, 0..1) next to the
     * cosine.
     */
    static final double LEXICAL_WEIGHT = 0.3;

    /**
     * Sentences embedded at most: about half a second of bge-small on two quiet cores for
     * prose-length sentences, and still within the deadline when other work takes most of
     * the machine (measured at a load of 12-17 on two cores: 256 candidates took 15-18
     * s). A needle that shares a name with its question ranks in the first few of the
     * lexical pass (needle-long-input).
     */
    static final int CANDIDATE_SENTENCES = 128;

    private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "are", "was", "were", "what", "which",
            "who", "whom", "when", "where", "why", "how", "did", "does", "has", "have", "had", "that", "this", "with",
            "from", "into", "about", "her", "his", "their", "they", "you", "your", "its", "our", "not", "but", "can",
            "will", "would", "could", "should", "been", "being", "there", "then", "than", "also", "any", "all");

    private final Embedder embedder;

    private final TokenCounter tokens;

    LongInputSearch(Embedder embedder, TokenCounter tokens) {
        this.embedder = embedder;
        this.tokens = tokens;
    }

    /**
     * @throws Deadline.Stopped when the deadline passes before the last window is read
     */
    LongInputAnswer search(String question, String text, int windowTokens, int cacheTokens, Deadline deadline) {
        deadline.check();
        float[] query = this.embedder.embedQuery(question);
        Set<String> questionWords = words(question);
        // About four chars a token: a piece of this size always fits in a window.
        List<Sentences.Span> spans = Sentences.split(text, Math.max(200, windowTokens * 3));
        BitSet candidates = LexicalPreselection.select(spans, questionWords, CANDIDATE_SENTENCES);
        List<Scored> cache = new ArrayList<>();
        int documentTokens = 0;
        int windows = 0;
        int next = 0;
        while (next < spans.size()) {
            deadline.check();
            List<Scored> window = new ArrayList<>(cache);
            int used = 0;
            while (next < spans.size()) {
                Sentences.Span span = spans.get(next);
                int count = this.tokens.count(span.text());
                if (used > 0 && used + count > windowTokens) {
                    break;
                }
                used += count;
                next++;
                if (!candidates.get(next - 1)) {
                    continue;
                }
                // embedding a sentence is the work; the splitting and counting around it
                // is cheap
                deadline.check();
                window.add(new Scored(span, count, score(query, questionWords, span.text())));
            }
            documentTokens += used;
            windows++;
            cache = best(window, cacheTokens);
        }
        List<LongInputAnswer.Passage> evidence = cache.stream()
            .map(s -> new LongInputAnswer.Passage(s.span().text(), s.score(), s.span().start(), s.span().end()))
            .toList();
        return new LongInputAnswer(evidence, windows, documentTokens);
    }

    /** The best-scoring whole sentences that fit in the budget, best first. */
    static List<Scored> best(List<Scored> candidates, int budget) {
        List<Scored> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(s -> s.span().start()));
        List<Scored> kept = new ArrayList<>();
        int used = 0;
        for (Scored candidate : sorted) {
            if (used + candidate.tokens() <= budget) {
                kept.add(candidate);
                used += candidate.tokens();
            }
        }
        return kept;
    }

    private double score(float[] query, Set<String> questionWords, String sentence) {
        float[] vector = this.embedder.embedPassage(sentence);
        double cosine = 0;
        for (int i = 0; i < vector.length; i++) {
            cosine += query[i] * vector[i];
        }
        return cosine + LEXICAL_WEIGHT * overlap(questionWords, sentence);
    }

    /**
     * Share of the question's content words (stop words and words under three chars left
     * out) in the sentence.
     */
    static double overlap(Set<String> questionWords, String sentence) {
        if (questionWords.isEmpty()) {
            return 0;
        }
        Set<String> sentenceWords = words(sentence);
        long shared = questionWords.stream().filter(sentenceWords::contains).count();
        return (double) shared / questionWords.size();
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : WORDS.split(text.toLowerCase(Locale.ROOT))) {
            if (word.length() >= 3 && !STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    record Scored(Sentences.Span span, int tokens, double score) {
    }

}
