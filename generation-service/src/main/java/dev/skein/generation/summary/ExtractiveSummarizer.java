package dev.skein.generation.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skein.platform.tokens.TokenCounter;

/**
 * A summary without a model: the first sentence of each of the most informative lines,
 * kept in the order they were said, as many as fit in the token budget. Whole sentences
 * only, so nothing is cut mid-thought; it invents nothing, so it keeps names, dates and
 * numbers as written. Informative means many distinct content words, with names and
 * numbers counting double: they are what a later question about the past asks for.
 */
public final class ExtractiveSummarizer {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s+(?=\\S)");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

    private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by", "can",
            "do", "for", "from", "had", "has", "have", "he", "hello", "her", "hey", "hi", "his", "how", "i", "if", "in",
            "is", "it", "its", "just", "me", "my", "no", "not", "of", "oh", "ok", "okay", "on", "or", "our", "she",
            "so", "that", "the", "thanks", "their", "them", "then", "there", "they", "this", "to", "too", "was", "we",
            "were", "what", "with", "yes", "you", "your");

    private ExtractiveSummarizer() {
    }

    /**
     * @param text one turn per line, "speaker: text", oldest first
     */
    public static String summarize(String text, int maxTokens) {
        List<Candidate> candidates = new ArrayList<>();
        int position = 0;
        for (String line : text == null ? new String[0] : text.split("\\R")) {
            String sentence = firstSentence(line);
            if (!sentence.isEmpty()) {
                candidates.add(new Candidate(position++, sentence, informativeness(sentence), TOKENS.count(sentence)));
            }
        }
        if (candidates.isEmpty()) {
            return "";
        }
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingInt((Candidate c) -> c.score).reversed().thenComparingInt(c -> c.position));
        List<Candidate> chosen = new ArrayList<>();
        int used = 0;
        for (Candidate candidate : ranked) {
            if (candidate.score == 0 && !chosen.isEmpty()) {
                break; // greetings and "ok": filler, even when there is room
            }
            int cost = candidate.tokens + (chosen.isEmpty() ? 0 : 1); // the newline
            if (used + cost <= maxTokens) {
                chosen.add(candidate);
                used += cost;
            }
        }
        if (chosen.isEmpty()) {
            // Not even one sentence fits: the one exception to whole sentences, a cut at
            // a word boundary.
            return cut(ranked.get(0).sentence, maxTokens);
        }
        chosen.sort(Comparator.comparingInt(c -> c.position));
        List<String> lines = new ArrayList<>();
        chosen.forEach(c -> lines.add(c.sentence));
        return String.join("\n", lines);
    }

    /**
     * The longest run of whole sentences from the start of {@code text} within
     * {@code maxTokens}.
     */
    public static String wholeSentences(String text, int maxTokens) {
        String stripped = text.strip();
        if (TOKENS.count(stripped) <= maxTokens) {
            return stripped;
        }
        StringBuilder kept = new StringBuilder();
        Matcher ends = SENTENCE_END.matcher(stripped);
        while (ends.find()) {
            String candidate = stripped.substring(0, ends.start());
            if (TOKENS.count(candidate) > maxTokens) {
                break;
            }
            kept.setLength(0);
            kept.append(candidate);
        }
        return kept.length() > 0 ? kept.toString() : cut(stripped, maxTokens);
    }

    /** "Alice: I adopted a cat. She is grey." → "Alice: I adopted a cat." */
    static String firstSentence(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty()) {
            return "";
        }
        String[] sentences = SENTENCE_END.split(stripped, 2);
        return sentences[0].strip();
    }

    static int informativeness(String sentence) {
        int colon = sentence.indexOf(": ");
        String said = colon > 0 && colon < 40 ? sentence.substring(colon + 2) : sentence; // not
                                                                                          // the
                                                                                          // speaker's
                                                                                          // name
        Set<String> words = new HashSet<>();
        int score = 0;
        Matcher matcher = WORD.matcher(said);
        boolean first = true;
        while (matcher.find()) {
            String word = matcher.group();
            String lower = word.toLowerCase(Locale.ROOT);
            if (STOPWORDS.contains(lower) || !words.add(lower)) {
                first = false;
                continue;
            }
            score++;
            boolean number = Character.isDigit(word.charAt(0));
            boolean name = !first && Character.isUpperCase(word.charAt(0));
            if (number || name) {
                score++;
            }
            first = false;
        }
        return score;
    }

    private static String cut(String sentence, int maxTokens) {
        String[] words = sentence.split(" ");
        StringBuilder kept = new StringBuilder();
        for (String word : words) {
            String next = kept.length() == 0 ? word : kept + " " + word;
            if (TOKENS.count(next + "…") > maxTokens) {
                break;
            }
            kept.setLength(0);
            kept.append(next);
        }
        return kept.length() == 0 ? "" : kept + "…";
    }

    private record Candidate(int position, String sentence, int score, int tokens) {
    }

}
