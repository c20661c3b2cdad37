package dev.skein.retrieval.longinput;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LexicalPreselectionTests {

    private static final String NEEDLE = "The spare key to Marguerite's boathouse is taped under the third step.";

    @Test
    void aTextOfFewSentencesIsReadWhole() {
        List<Sentences.Span> spans = spans(filler(10));

        BitSet selected = LexicalPreselection.select(spans, LongInputSearch.words("Where is the boathouse key?"), 10);

        assertThat(selected.cardinality()).isEqualTo(10);
    }

    @Test
    void theSentenceSharingTheQuestionsRareWordsIsACandidateAmongThousands() {
        List<String> sentences = filler(5000);
        // a distractor that shares the name only
        sentences.add(100, "Marguerite painted the fence of the garden.");
        sentences.add(3217, NEEDLE);
        List<Sentences.Span> spans = spans(sentences);

        BitSet selected = LexicalPreselection.select(spans,
                LongInputSearch.words("Where did Marguerite hide the extra key for her boathouse?"), 8);

        // only sentences with a match or a matching neighbour: nothing else is embedded
        assertThat(selected.stream().boxed().toList()).containsExactly(99, 100, 101, 3216, 3217, 3218);
    }

    @Test
    void theNeedleScoresHighestAndItsNeighboursGetAShare() {
        List<String> sentences = filler(200);
        sentences.set(50, NEEDLE);
        double[] scores = LexicalPreselection.scores(spans(sentences),
                LongInputSearch.words("Where did Marguerite hide the extra key for her boathouse?"));

        int best = 0;
        for (int i = 0; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        assertThat(best).isEqualTo(50);
        BitSet selected = LexicalPreselection.select(spans(sentences),
                LongInputSearch.words("Where did Marguerite hide the extra key for her boathouse?"), 3);
        assertThat(selected.stream().boxed().toList()).containsExactly(49, 50, 51);
    }

    @Test
    void endingsAreStemmedAway() {
        assertThat(LexicalPreselection.stem("planted")).isEqualTo(LexicalPreselection.stem("plants"))
            .isEqualTo(LexicalPreselection.stem("planting"))
            .isEqualTo("plant");
        assertThat(LexicalPreselection.stem("taped")).isEqualTo(LexicalPreselection.stem("tape")).isEqualTo("tap");
        assertThat(LexicalPreselection.stem("stories")).isEqualTo("story");
        assertThat(LexicalPreselection.stem("glass")).isEqualTo("glass");
        assertThat(LexicalPreselection.stem("key")).isEqualTo("key");
    }

    @Test
    void aQuestionSharingNoWordWithTheTextReadsItWhole() {
        List<Sentences.Span> spans = spans(filler(1000));

        BitSet selected = LexicalPreselection.select(spans, LongInputSearch.words("Quelle heure est-il?"), 8);

        assertThat(selected.cardinality()).isEqualTo(1000);
    }

    private static List<String> filler(int count) {
        String[] subjects = { "The committee", "A farmer", "The old bridge", "Our neighbour", "The river" };
        String[] objects = { "the autumn harvest", "a broken fence", "the morning fog", "the garden" };
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sentences.add(subjects[i % subjects.length] + " described " + objects[(i / 5) % objects.length]
                    + " for the " + i + "th time.");
        }
        return sentences;
    }

    private static List<Sentences.Span> spans(List<String> sentences) {
        List<Sentences.Span> spans = new ArrayList<>();
        int at = 0;
        for (String sentence : sentences) {
            spans.add(new Sentences.Span(at, at + sentence.length(), sentence));
            at += sentence.length() + 1;
        }
        return spans;
    }

}
