package dev.skein.retrieval.indexing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.skein.retrieval.embedding.Embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

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

            List<float[]> alone = serial.all(tasks, EmbeddingWorkers.Lane.CHATS);
            List<float[]> together = parallel.all(tasks, EmbeddingWorkers.Lane.CHATS);

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
            assertThatIllegalStateException().isThrownBy(() -> workers.all(tasks, EmbeddingWorkers.Lane.CHATS))
                .withMessage("The embedding model failed");
        }
        finally {
            workers.close();
        }
    }

    @Test
    void theChatsTasksGoAheadOfTheImportsTasksThatWait() throws Exception {
        EmbeddingWorkers workers = new EmbeddingWorkers(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Callable<String>> imports = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                imports.add(() -> {
                    running.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "import";
                });
            }
            for (int i = 0; i < 6; i++) {
                imports.add(() -> {
                    order.add("import");
                    return "import";
                });
            }
            Future<List<String>> imported = callers.submit(() -> workers.all(imports, EmbeddingWorkers.Lane.IMPORTS));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.waiting() == 6);
            // both chats must run at once: each holds its thread until the other has
            // started, so an import can only start on a thread a chat has left. Were an
            // import taken before a chat, it would be recorded between them.
            CountDownLatch chatsRunning = new CountDownLatch(2);
            Callable<String> chat = () -> {
                order.add("chat");
                chatsRunning.countDown();
                assertThat(chatsRunning.await(30, TimeUnit.SECONDS)).as("the other chat started").isTrue();
                return "chat";
            };
            List<Callable<String>> chats = List.of(chat, chat);
            Future<List<String>> chatted = callers.submit(() -> workers.all(chats, EmbeddingWorkers.Lane.CHATS));
            await().atMost(Duration.ofSeconds(10)).until(() -> workers.waiting() == 8);

            release.countDown();

            assertThat(chatted.get(40, TimeUnit.SECONDS)).containsExactly("chat", "chat");
            assertThat(imported.get(10, TimeUnit.SECONDS)).hasSize(8);
            assertThat(order.lastIndexOf("chat")).as("the chats' tasks ran before the imports' that waited: %s", order)
                .isLessThan(order.indexOf("import"));
        }
        finally {
            release.countDown();
            callers.shutdownNow();
            workers.close();
        }
    }

    @Test
    void oneAtATimeRunsOnTheCallersThread() {
        EmbeddingWorkers workers = new EmbeddingWorkers(1);
        Thread caller = Thread.currentThread();
        assertThat(workers.all(List.<Callable<Boolean>>of(() -> Thread.currentThread() == caller, () -> true),
                EmbeddingWorkers.Lane.CHATS))
            .containsExactly(true, true);
        assertThat(new EmbeddingWorkers(0).concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

}
