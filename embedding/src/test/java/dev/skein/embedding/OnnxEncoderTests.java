package dev.skein.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The encoder must give the vectors langchain4j's models give from the same files: the
 * index holds vectors of both.
 */
class OnnxEncoderTests {

    static final List<String> TEXTS = List.of("Hi!", "Caroline: I went to a support group yesterday.",
            "Mel: Wow, that's great! How did it feel?\nCaroline: Honestly? Powerful. Everyone was so kind.",
            "I moved to Lisbon in 2023 — the rent's cheaper than Berlin, and the café on Rua Augusta is 5€.",
            "Represent this sentence for searching relevant passages: where does my sister live?",
            "naïve résumé coöperate façade 東京 😀 e-mail x=3.14; y:=λz.z");

    @Test
    void embedsAsLangchain4jDoesWithBge() {
        try (OnnxEncoder encoder = new OnnxEncoder(ModelCard.BGE_SMALL_Q, 0)) {
            assertSame(encoder, new BgeSmallEnV15QuantizedEmbeddingModel(), texts());
        }
    }

    @Test
    void embedsAsLangchain4jDoesWithMiniLm() {
        try (OnnxEncoder encoder = new OnnxEncoder(ModelCard.MINILM, 1)) {
            assertSame(encoder, new AllMiniLmL6V2EmbeddingModel(), texts());
        }
    }

    /**
     * The index embeds on one thread per call, several calls at once, and queries on all
     * cores: a text must get the same vector either way.
     */
    @Test
    void givesTheSameVectorWhateverItsThreadsAndConcurrentCalls() throws Exception {
        List<String> texts = texts();
        try (OnnxEncoder cores = new OnnxEncoder(ModelCard.BGE_SMALL_Q, 0);
                OnnxEncoder single = new OnnxEncoder(ModelCard.BGE_SMALL_Q, 1)) {
            List<float[]> alone = texts.stream().map(cores::embed).toList();
            ExecutorService callers = Executors.newFixedThreadPool(3);
            try {
                List<Future<float[]>> concurrent = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (String text : texts) {
                        concurrent.add(callers.submit(() -> single.embed(text)));
                    }
                }
                for (int i = 0; i < concurrent.size(); i++) {
                    assertThat(concurrent.get(i).get()).as(texts.get(i % texts.size()))
                        .containsExactly(alone.get(i % texts.size()));
                }
            }
            finally {
                callers.shutdown();
            }
        }
    }

    @Test
    void refusesBlankTextAndNamesUnknownModels() {
        try (OnnxEncoder encoder = new OnnxEncoder(ModelCard.MINILM, 1)) {
            assertThatIllegalArgumentException().isThrownBy(() -> encoder.embed("  "));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> ModelCard.named("gpt"))
            .withMessageContaining("bge-small-en-v15-q");
        assertThat(ModelCard.named("all-minilm-l6-v2")).isEqualTo(ModelCard.MINILM);
    }

    @Test
    void cutsLongTextBetweenWords() {
        String[] tokens = new String[1200];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i - 1) % 3 == 0 ? "word" : "##piece";
        }
        List<int[]> parts = OnnxEncoder.parts(tokens, 1, tokens.length - 1);

        int covered = 0;
        for (int[] part : parts) {
            assertThat(part[1] - part[0]).isBetween(1, OnnxEncoder.MAX_PIECES);
            assertThat(part[0]).isEqualTo(1 + covered);
            assertThat(tokens[part[0]]).doesNotStartWith("##");
            covered += part[1] - part[0];
        }
        assertThat(covered).isEqualTo(tokens.length - 2);
        assertThat(parts).hasSizeGreaterThan(2);
    }

    /** The test texts, and one of about 900 word pieces (embedded in parts). */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>(TEXTS);
        texts.add(String.join(" ", java.util.Collections.nCopies(90, "The lighthouse keeper counted unusual ships.")));
        return texts;
    }

    private static void assertSame(OnnxEncoder encoder, EmbeddingModel reference, List<String> texts) {
        for (String text : texts) {
            float[] ours = encoder.embed(text);
            float[] theirs = reference.embed(text).content().vector();
            assertThat(ours).hasSize(384);
            assertThat(cosine(ours, theirs)).as(text).isGreaterThan(0.9999);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

}
