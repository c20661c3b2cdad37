package dev.skein.memory.salience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.skein.platform.tokens.TokenCounter;

/**
 * The summarizer without an LLM: the most salient sentences (mean self-information of
 * their distinct terms under the tenant's unigram model), each kept whole, in their
 * original order, up to a token budget. A sentence that alone exceeds the budget is
 * skipped, never cut.
 */
public final class ExtractiveSummarizer {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    private ExtractiveSummarizer() {
    }

    /**
     * One text to summarize; {@code speaker} prefixes its sentences ("speaker: ...")
     * unless null.
     */
    public record Source(int index, String speaker, String text) {
    }

    /**
     * @param sources the indexes of the sources the picked sentences came from, ascending
     */
    public record Summary(String text, int tokens, List<Integer> sources) {
    }

    private record Sentence(int order, int source, String line, int tokens, double score) {
    }

    public static Summary summarize(List<Source> sources, UnigramModel model, int maxTokens, TokenCounter counter) {
        List<Sentence> sentences = new ArrayList<>();
        for (Source source : sources) {
            if (source.text() == null) {
                continue;
            }
            for (String raw : SENTENCE_END.split(source.text().strip())) {
                String sentence = raw.strip();
                if (sentence.isEmpty()) {
                    continue;
                }
                String line = source.speaker() == null ? sentence : source.speaker() + ": " + sentence;
                sentences.add(new Sentence(sentences.size(), source.index(), line, counter.count(line),
                        score(sentence, model)));
            }
        }
        List<Sentence> ranked = new ArrayList<>(sentences);
        // stable: of equally salient sentences the earlier one wins
        ranked.sort(Comparator.comparingDouble(Sentence::score).reversed());
        List<Sentence> picked = new ArrayList<>();
        int used = 0;
        for (Sentence sentence : ranked) {
            // +1: the newline that joins it to the others
            int cost = sentence.tokens() + (picked.isEmpty() ? 0 : 1);
            if (used + cost <= maxTokens) {
                picked.add(sentence);
                used += cost;
            }
        }
        picked.sort(Comparator.comparingInt(Sentence::order));
        String text = join(picked);
        int tokens = counter.count(text);
        // BPE counts are not quite additive: drop the least salient until the whole fits
        while (tokens > maxTokens && !picked.isEmpty()) {
            Sentence weakest = picked.stream().min(Comparator.comparingDouble(Sentence::score)).get();
            picked.remove(weakest);
            text = join(picked);
            tokens = counter.count(text);
        }
        Set<Integer> used2 = new LinkedHashSet<>();
        picked.stream().map(Sentence::source).sorted().forEach(used2::add);
        return new Summary(text, tokens, List.copyOf(used2));
    }

    static double score(String sentence, UnigramModel model) {
        Set<String> terms = new LinkedHashSet<>(Terms.of(sentence));
        if (terms.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (String term : terms) {
            sum += model.information(term);
        }
        return sum / terms.size();
    }

    private static String join(List<Sentence> picked) {
        StringBuilder text = new StringBuilder();
        for (Sentence s : picked) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(s.line());
        }
        return text.toString();
    }

}
