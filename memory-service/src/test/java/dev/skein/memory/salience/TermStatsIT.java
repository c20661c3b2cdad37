package dev.skein.memory.salience;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant's unigram counts as one statement adds to them: the model it returns, the
 * new terms told apart from the known ones, and the conversation's share.
 */
class TermStatsIT extends AbstractMemoryServiceIT {

    @Autowired
    private TermStats terms;

    @Test
    void addingCountsReturnsTheModelAfterItAndCountsOnlyNewTermsAsVocabulary() {
        String tenant = randomId("t");
        UUID first = conversation(tenant);
        UUID second = conversation(tenant);

        UnigramModel model = this.terms.add(tenant, first, Map.of("harbour", 2L, "valletta", 1L));
        assertThat(model).isEqualTo(new UnigramModel(Map.of("harbour", 2L, "valletta", 1L), 3, 2));

        model = this.terms.add(tenant, second, Map.of("harbour", 1L, "painting", 4L));
        assertThat(model).isEqualTo(new UnigramModel(Map.of("harbour", 3L, "painting", 4L), 8, 3));

        model = this.terms.add(tenant, first, Map.of());
        assertThat(model).isEqualTo(new UnigramModel(Map.of(), 8, 3));
        assertThat(this.terms.model(tenant, List.of("harbour", "valletta", "painting", "boat")))
            .isEqualTo(new UnigramModel(Map.of("harbour", 3L, "valletta", 1L, "painting", 4L), 8, 3));
        assertThat(this.jdbc.queryForList(
                "SELECT term || '=' || count FROM conversation_terms " + "WHERE conversation_uid = ? ORDER BY term",
                String.class, first))
            .containsExactly("harbour=2", "valletta=1");
    }

    private UUID conversation(String tenant) {
        return this.jdbc.queryForObject(
                "INSERT INTO conversations (uid, tenant_id, conversation_id) VALUES (?, ?, ?) RETURNING uid",
                UUID.class, UUID.randomUUID(), tenant, randomId("c"));
    }

}
