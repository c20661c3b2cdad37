package dev.skein.retrieval.search;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.skein.retrieval.embedding.Embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class QueryEmbeddingsTests {

    private final Embedder embedder = mock(Embedder.class);

    private final ConversationSpeakers speakers = mock(ConversationSpeakers.class);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final QueryEmbeddings embeddings = new QueryEmbeddings(this.embedder, this.speakers, this.meters);

    QueryEmbeddingsTests() {
        given(this.speakers.of("t1", "c1")).willReturn(List.of("Ana"));
        this.embeddings.recalled("t1", "c1", true);
        this.embeddings.recalled("t1", "c3", true);
        given(this.embedder.embedQueryAhead("Where did you go?")).willReturn(new float[] { 1, 0 });
        given(this.embedder.embedQuery(anyString())).willReturn(new float[] { 0, 1 });
    }

    @AfterEach
    void close() {
        this.embeddings.destroy();
    }

    @Test
    void aQuestionEmbeddedAheadIsTakenByItsSearchInsteadOfEmbeddedAgain() {
        this.embeddings.prefetch("t1", "c1", "Where did you go?");
        await().atMost(Duration.ofSeconds(5)).until(this::embeddedAhead);

        float[] vector = this.embeddings.forRecall(query("Where did you go?"));

        assertThat(vector).containsExactly(1, 0);
        verify(this.embedder, never()).embedQuery(anyString());
        assertThat(count("taken")).isEqualTo(1);
        // taken once: the next search of the same text embeds it
        assertThat(this.embeddings.forRecall(query("Where did you go?"))).containsExactly(0, 1);
    }

    @Test
    void anApiSearchNeitherTakesATurnsPrefetchNorLeavesAMark() {
        this.embeddings.prefetch("t1", "c1", "Where did you go?");
        await().atMost(Duration.ofSeconds(5)).until(this::embeddedAhead);

        assertThat(this.embeddings.of(query("Where did you go?")).join()).containsExactly(0, 1);
        assertThat(this.embeddings.vector(query("And then?"))).containsExactly(0, 1);

        // the turn's recall still finds its prefetch
        assertThat(this.embeddings.forRecall(query("Where did you go?"))).containsExactly(1, 0);
        assertThat(count("taken")).isEqualTo(1);
        // and a turn after an API search of its text is still embedded ahead
        this.embeddings.prefetch("t1", "c1", "And then?");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(this.embedder).embedQueryAhead("And then?"));
    }

    @Test
    void aQuestionWhoseTurnCameAfterItsSearchIsNotEmbeddedAhead() throws InterruptedException {
        // a consumer behind: the recall of the poll came before the turn
        assertThat(this.embeddings.forRecall(query("Where did you go?"))).containsExactly(0, 1);

        this.embeddings.prefetch("t1", "c1", "Where did you go?");
        Thread.sleep(200);

        verify(this.embedder, never()).embedQueryAhead(anyString());
        assertThat(count("unused") + count("taken")).isZero();
    }

    @Test
    void anErasedConversationsQuestionsEmbeddedAheadAreForgotten() {
        this.embeddings.prefetch("t1", "c1", "Where did you go?");
        await().atMost(Duration.ofSeconds(5)).until(this::embeddedAhead);

        this.embeddings.forget("t1", "c1");

        assertThat(this.embeddings.forRecall(query("Where did you go?"))).containsExactly(0, 1);
        assertThat(count("taken")).isZero();
        // nor the embedder's copies for the statements
        verify(this.embedder).forgetTurnQuestions();
    }

    @Test
    void aQuestionWhoseTextChangedMeanwhileIsEmbeddedForTheSearch() {
        String question = "Where did you go, Rui?";
        given(this.embedder.embedQueryAhead(question)).willReturn(new float[] { 1, 0 });
        this.embeddings.prefetch("t1", "c1", question);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(this.embedder).embedQueryAhead(question));
        // Rui was indexed in between: his name is not embedded any more
        given(this.speakers.of("t1", "c1")).willReturn(List.of("Ana", "Rui"));

        float[] vector = this.embeddings.forRecall(query(question));

        assertThat(vector).containsExactly(0, 1);
        verify(this.embedder).embedQuery(Speakers.withoutNames(question, List.of("Rui")));
        assertThat(count("taken")).isZero();
        assertThat(count("unused")).isEqualTo(1);
    }

    @Test
    void onlyTheQuestionsOfAConversationWhosePreviousTurnAskedForARecallAreEmbeddedAhead() throws InterruptedException {
        this.embeddings.prefetch("t1", "c2", "Where did you go?");
        // the memory-service stopped asking (flash memory holds the conversation again)
        this.embeddings.recalled("t1", "c1", false);
        this.embeddings.prefetch("t1", "c1", "Where did you go?");
        this.embeddings.recalled("t1", "c2", true);
        this.embeddings.prefetch("t1", "c2", "And then?");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(this.embedder).embedQueryAhead("And then?"));
        Thread.sleep(100);

        verify(this.embedder, never()).embedQueryAhead("Where did you go?");
    }

    @Test
    void prefetchesAreDroppedWhileTheirThreadIsBehind() throws InterruptedException {
        CountDownLatch release = blockThePrefetchThread();

        for (int i = 0; i < QueryEmbeddings.PREFETCH_QUEUE + 3; i++) {
            this.embeddings.prefetch("t1", "c3", "question " + i);
        }
        release.countDown();

        assertThat(count("dropped")).isEqualTo(3);
    }

    @Test
    void aSearchThatComesBeforeThePrefetchThreadGotToItsQuestionEmbedsItItself() throws InterruptedException {
        CountDownLatch release = blockThePrefetchThread();
        // queued behind the blocked one: not started when its search comes
        this.embeddings.prefetch("t1", "c1", "Where did you go?");

        float[] vector = this.embeddings.forRecall(query("Where did you go?"));
        release.countDown();

        assertThat(vector).containsExactly(0, 1);
        verify(this.embedder, times(1)).embedQuery("Where did you go?");
        assertThat(count("unused")).isEqualTo(1);
        Thread.sleep(100);
        verify(this.embedder, never()).embedQueryAhead("Where did you go?");
    }

    /** A prefetch that holds the thread until the latch is counted down. */
    private CountDownLatch blockThePrefetchThread() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        given(this.embedder.embedQueryAhead("blocking")).willAnswer(invocation -> {
            started.countDown();
            // no limit: the test's own steps may stall under load; destroy() interrupts
            // it
            release.await();
            return new float[] { 1, 1 };
        });
        given(this.speakers.of("t1", "c3")).willReturn(List.of());
        this.embeddings.prefetch("t1", "c3", "blocking");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private boolean embeddedAhead() {
        try {
            verify(this.embedder).embedQueryAhead("Where did you go?");
            return true;
        }
        catch (AssertionError notYet) {
            return false;
        }
    }

    private double count(String outcome) {
        return this.meters.counter("skein.query.prefetch", "outcome", outcome).count();
    }

    private static SearchQuery query(String text) {
        return new SearchQuery("t1", "c1", text, 10, MemorySearch.ALL_SEQUENCES, Instant.now(), java.util.Map.of());
    }

}
