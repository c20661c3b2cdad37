package dev.skein.retrieval.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.skein.retrieval.embedding.Embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddingWorkersTests {

    @Test
    void givesEachChunkTheVectorItGetsAloneInTheBatchsOrder() {
        Embedder embedder = new Embedder(Embedder.BGE_SMALL_Q);
        EmbeddingWorkers serial = new EmbeddingWorkers(1);
        EmbeddingWorkers parallel = new EmbeddingWorkers(3);
        try {
            List<String> texts = IntStream.range(0, 24)
                .mapToObj(i -> i % 3 == 0 ? "Hi " + i + "!"
                        : "I moved to city number " + i + " last May, and the rent there is " + (i * 100) + " a month.")
                .toList();
            List<Callable<float[]>> tasks = new ArrayList<>();
            texts.forEach(text -> tasks.add(() -> embedder.embedMemory("Mel: Where do you live now?", "Ana", text)));

            List<float[]> alone = serial.all(tasks);
            List<float[]> together = parallel.all(tasks);

            assertThat(parallel.concurrency()).isEqualTo(3);
            assertThat(together).hasSize(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                assertThat(together.get(i)).as(texts.get(i)).containsExactly(alone.get(i));
            }
        }
        finally {
            parallel.close();
            embedder.close();
        }
    }

    @Test
    void aFailedChunkFailsTheBatch() {
        EmbeddingWorkers workers = new EmbeddingWorkers(2);
        try {
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> {
                throw new IllegalStateException("The embedding model failed");
            }, () -> 3);
            assertThatIllegalStateException().isThrownBy(() -> workers.all(tasks))
                .withMessage("The embedding model failed");
        }
        finally {
            workers.close();
        }
    }

    @Test
    void oneAtATimeRunsOnTheCallersThread() {
        EmbeddingWorkers workers = new EmbeddingWorkers(1);
        Thread caller = Thread.currentThread();
        assertThat(workers.all(List.<Callable<Boolean>>of(() -> Thread.currentThread() == caller, () -> true)))
            .containsExactly(true, true);
        assertThat(new EmbeddingWorkers(0).concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

}
