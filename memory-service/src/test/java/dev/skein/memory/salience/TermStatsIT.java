package dev.skein.memory.salience;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant's unigram counts: the model an addition returns, the new terms told apart
 * from the known ones, the conversation's share, and the rows written only as the
 * transaction commits, so an open transaction does not hold the tenant's other writers.
 */
class TermStatsIT extends AbstractMemoryServiceIT {

    @Autowired
    private TermStats terms;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void addingCountsReturnsTheModelAfterItAndCountsOnlyNewTermsAsVocabulary() {
        String tenant = randomId("t");
        UUID first = conversation(tenant);
        UUID second = conversation(tenant);

        UnigramModel model = inTransaction(() -> this.terms.add(tenant, first, Map.of("harbour", 2L, "valletta", 1L)));
        assertThat(model).isEqualTo(new UnigramModel(Map.of("harbour", 2L, "valletta", 1L), 3, 2));

        model = inTransaction(() -> this.terms.add(tenant, second, Map.of("harbour", 1L, "painting", 4L)));
        assertThat(model).isEqualTo(new UnigramModel(Map.of("harbour", 3L, "painting", 4L), 8, 3));

        model = inTransaction(() -> this.terms.add(tenant, first, Map.of()));
        assertThat(model).isEqualTo(new UnigramModel(Map.of(), 8, 3));
        assertThat(this.terms.model(tenant, List.of("harbour", "valletta", "painting", "boat")))
            .isEqualTo(new UnigramModel(Map.of("harbour", 3L, "valletta", 1L, "painting", 4L), 8, 3));
        assertThat(shareOf(first)).containsExactly("harbour=2", "valletta=1");
    }

    @Test
    void theCountsAreWrittenAsTheTransactionCommitsAndItsOwnReadsSeeThemBefore() {
        String tenant = randomId("t");
        UUID conversation = conversation(tenant);

        inTransaction(() -> {
            this.terms.add(tenant, conversation, Map.of("harbour", 2L));
            this.terms.add(tenant, conversation, Map.of("harbour", 1L, "ferry", 1L));
            // nothing written yet, and the transaction's own model holds both additions
            assertThat(shareOf(conversation)).isEmpty();
            assertThat(this.terms.model(tenant, List.of("harbour", "ferry")))
                .isEqualTo(new UnigramModel(Map.of("harbour", 3L, "ferry", 1L), 4, 2));
            return null;
        });

        assertThat(shareOf(conversation)).containsExactly("ferry=1", "harbour=3");
        assertThat(this.terms.model(tenant, List.of("harbour", "ferry")))
            .isEqualTo(new UnigramModel(Map.of("harbour", 3L, "ferry", 1L), 4, 2));
        assertThatThrownBy(() -> this.terms.add(tenant, conversation, Map.of("x", 1L)))
            .hasMessageContaining("inside a transaction");
    }

    @Test
    void aTransactionOfItsOwnStartedInsideWritesItsOwnAdditionsAsItCommits() {
        String tenant = randomId("t");
        UUID outer = conversation(tenant);
        UUID inner = conversation(tenant);
        TransactionTemplate requiresNew = new TransactionTemplate(this.transactionManager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        inTransaction(() -> {
            this.terms.add(tenant, outer, Map.of("harbour", 2L));
            requiresNew.executeWithoutResult(status -> this.terms.add(tenant, inner, Map.of("ferry", 1L)));
            // committed by the inner transaction, seen by the outer one's connection
            assertThat(shareOf(inner)).containsExactly("ferry=1");
            assertThat(shareOf(outer)).isEmpty();
            return null;
        });

        assertThat(shareOf(outer)).containsExactly("harbour=2");
        assertThat(this.terms.model(tenant, List.of("harbour", "ferry")))
            .isEqualTo(new UnigramModel(Map.of("harbour", 2L, "ferry", 1L), 3, 2));
    }

    @Test
    void anOpenTransactionThatAddedCountsDoesNotHoldAnotherOneOfTheTenant() throws Exception {
        String tenant = randomId("t");
        UUID importing = conversation(tenant);
        UUID chatting = conversation(tenant);
        CountDownLatch added = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService longTransaction = Executors.newSingleThreadExecutor();
        try {
            // an import's long transaction: it has counted its words and goes on working
            Future<?> open = longTransaction.submit(() -> inTransaction(() -> {
                this.terms.add(tenant, importing, Map.of("harbour", 5L, "ferry", 2L));
                added.countDown();
                return release.await(30, TimeUnit.SECONDS);
            }));
            assertThat(added.await(30, TimeUnit.SECONDS)).isTrue();

            // a turn of the same tenant, with the same words, commits meanwhile
            UnigramModel model = CompletableFuture
                .supplyAsync(() -> inTransaction(() -> this.terms.add(tenant, chatting, Map.of("harbour", 1L))))
                .get(10, TimeUnit.SECONDS);
            assertThat(model).isEqualTo(new UnigramModel(Map.of("harbour", 1L), 1, 1));

            release.countDown();
            open.get(30, TimeUnit.SECONDS);
        }
        finally {
            release.countDown();
            longTransaction.shutdownNow();
        }
        assertThat(this.terms.model(tenant, List.of("harbour", "ferry")))
            .isEqualTo(new UnigramModel(Map.of("harbour", 6L, "ferry", 2L), 8, 2));
    }

    private <T> T inTransaction(Callable<T> work) {
        return new TransactionTemplate(this.transactionManager).execute(status -> {
            try {
                return work.call();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private List<String> shareOf(UUID conversation) {
        return this.jdbc.queryForList(
                "SELECT term || '=' || count FROM conversation_terms WHERE conversation_uid = ? ORDER BY term",
                String.class, conversation);
    }

    private UUID conversation(String tenant) {
        return this.jdbc.queryForObject(
                "INSERT INTO conversations (uid, tenant_id, conversation_id) VALUES (?, ?, ?) RETURNING uid",
                UUID.class, UUID.randomUUID(), tenant, randomId("c"));
    }

}
