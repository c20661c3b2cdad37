package dev.skein.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite in short ({@code skein-tools fault-suite} is the full one): a few
 * hundred imported messages and chat turns while the memory-service or the
 * retrieval-service is killed with SIGKILL and restarted, or the Kafka broker restarts.
 * The client retries as documented; afterwards every acknowledged message is stored
 * exactly once, every turn has exactly one reply, every message is indexed and its unique
 * word found, and the outbox is empty. Each test brings back what it stopped and waits
 * until it is healthy, so the tests that run after it find the stack whole.
 */
class FaultSuiteIT {

    private static final int MESSAGES = 300;

    private final SkeinStack stack = SkeinStack.get();

    private final SkeinClient client = this.stack.newTenant();

    @Test
    void nothingAcknowledgedIsLostOrDoubledWhenTheMemoryServiceIsKilled() {
        survives(() -> {
            this.stack.control("kill", "memory-service");
            this.stack.control("restart", "memory-service");
        });
    }

    @Test
    void nothingAcknowledgedIsLostOrDoubledWhenTheRetrievalServiceIsKilled() {
        survives(() -> {
            this.stack.control("kill", "retrieval-service");
            this.stack.control("restart", "retrieval-service");
        });
    }

    @Test
    void nothingAcknowledgedIsLostOrDoubledWhenTheKafkaBrokerRestarts() {
        survives(() -> this.stack.control("restart", "kafka"));
    }

    private void survives(Runnable fault) {
        Assumptions.assumeTrue(this.stack.local(), "needs the stack these tests start (it kills its processes)");
        String run = UUID.randomUUID().toString().substring(0, 6);
        FaultLoad load = new FaultLoad(this.client, run);
        Thread importer = new Thread(() -> load.importMessages(MESSAGES, 20), "import");
        Thread chatter = new Thread(() -> load.chat(6), "chat");
        importer.start();
        chatter.start();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (load.ackedImports.size() < MESSAGES / 3 && importer.isAlive() && System.nanoTime() < until) {
            FaultLoad.sleep(20);
        }
        try {
            fault.run();
        }
        finally {
            load.stopChat();
            join(importer);
            join(chatter);
        }
        String jdbcUrl = this.stack.jdbcUrl();
        // settled: everything indexed and the outbox drained, or the assertions below say
        // what is not
        long settleUntil = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < settleUntil && (FaultLoad.outbox(jdbcUrl) > 0
                || FaultLoad.unindexed(jdbcUrl, load.importConversation, load.transcript(load.importConversation)) > 0
                || FaultLoad.unindexed(jdbcUrl, load.chatConversation, load.transcript(load.chatConversation)) > 0)) {
            FaultLoad.sleep(1000);
        }

        List<String[]> imported = load.transcript(load.importConversation);
        List<String[]> chatted = load.transcript(load.chatConversation);
        Map<String, Integer> importCopies = FaultLoad.copies(imported);
        Map<String, Integer> chatCopies = FaultLoad.copies(chatted);
        assertThat(load.refused).as("answers that are neither success nor retry").isEmpty();
        assertThat(load.ackedImports).as("every imported message acknowledged").isEqualTo(load.sentImports);
        assertThat(load.ackedTurns).as("every turn answered").isEqualTo(load.sentTurns);
        assertThat(importCopies.keySet()).as("imported messages stored").isEqualTo(load.ackedImports);
        assertThat(importCopies.values()).as("each stored once").containsOnly(1);
        assertThat(imported).hasSize(MESSAGES);
        assertThat(chatCopies.keySet()).as("turns stored").isEqualTo(load.ackedTurns);
        assertThat(chatCopies.values()).as("each turn stored once").containsOnly(1);
        assertThat(FaultLoad.repliesPerTurn(chatted)).as("replies per turn").containsOnly(1);
        assertThat(FaultLoad.unindexed(jdbcUrl, load.importConversation, imported)).as("unindexed imports").isZero();
        assertThat(FaultLoad.unindexed(jdbcUrl, load.chatConversation, chatted)).as("unindexed turns").isZero();
        assertThat(FaultLoad.outbox(jdbcUrl)).as("outbox rows left").isZero();
        for (int n = 0; n < MESSAGES; n += 37) {
            assertThat(load.findable(load.importConversation, FaultLoad.token(run, "i", n), "imp-" + n))
                .as("imp-%d found by its word", n)
                .isTrue();
        }
        assertThat(load.findable(load.chatConversation, FaultLoad.token(run, "c", 0), "turn-0")).isTrue();
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(6).toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
    }

}
