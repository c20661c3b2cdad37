package dev.skein.retrieval.embedding;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-thread session (the index's, and every short text's) and the all-cores one (a
 * long query or passage) are two sessions of one model: a text gets the same vector from
 * either.
 */
class EmbedderTests {

    private static Embedder embedder;

    @BeforeAll
    static void load() {
        embedder = new Embedder(Embedder.BGE_SMALL_Q, 0);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void aStatementIsEmbeddedAsThePassageItIs() {
        String longer = "My sister's name is Ana, and she lives in Porto. ".repeat(8);
        assertThat(longer).hasSizeGreaterThan(Embedder.ONE_THREAD_MAX_CHARS);
        for (String text : List.of("I moved to Lisbon in 2023.", "My sister's name is Ana, and she lives in Porto.",
                longer)) {
            assertThat(embedder.embedStatement(text)).containsExactly(embedder.embedPassage(text));
        }
    }

    /**
     * No instruction before a question: bge's cost it about 2 ms a question and no recall
     * (docs/decisions.md, "A question is embedded without bge's instruction").
     */
    @Test
    void aQuestionIsEmbeddedAsItIs() {
        String question = "Where does my sister live?";
        assertThat(embedder.embedQuery(question)).containsExactly(embedder.embedPassage(question));
        assertThat(embedder.embedQueryAhead(question)).containsExactly(embedder.embedPassage(question));
        String pasted = "Where does my sister live, given all of this? ".repeat(10);
        assertThat(embedder.embedQueryAhead(pasted)).containsExactly(embedder.embedQuery(pasted));
    }

    @Test
    void aMemoryIsEmbeddedWithItsSpeakerAndContext() {
        assertThat(embedder.embedMemory("Mel: How did it feel?", "Caroline", "Powerful."))
            .containsExactly(embedder.embedPassage("Mel: How did it feel?\nCaroline: Powerful."));
        assertThat(embedder.embedMemory(null, " ", "Hi!")).containsExactly(embedder.embedPassage("Hi!"));
    }

    @Test
    void aStatementTakesTheVectorOfItsTurnsQuestionEmbeddedAhead() {
        String text = "I moved to Lisbon in May";
        float[] ahead = embedder.embedQueryAhead(text);
        assertThat(embedder.embedStatement(text)).containsExactly(ahead).isNotSameAs(ahead);
        // taken from what was embedded ahead, not embedded again
        float[] marked = new float[Embedder.DIMENSIONS];
        marked[0] = 42;
        embedder.turnQuestions.put(text, marked);
        assertThat(embedder.embedStatement(text)).containsExactly(marked);
        // an erasure forgets them
        embedder.forgetTurnQuestions();
        assertThat(embedder.embedStatement(text)).containsExactly(ahead);
        // another text is embedded
        assertThat(embedder.embedStatement("I moved to Porto in June"))
            .containsExactly(embedder.embedPassage("I moved to Porto in June"));
    }

    @Test
    void recentVectorsKeepTheLastTextsPut() {
        RecentVectors recent = new RecentVectors(2);
        recent.put("a", new float[] { 1 });
        recent.put("b", new float[] { 2 });
        recent.put("c", new float[] { 3 });
        assertThat(recent.get("a")).isNull();
        assertThat(recent.get("b")).containsExactly(2);
        assertThat(recent.get("c")).containsExactly(3);
    }

}
