package dev.skein.retrieval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.assertj.core.data.Offset;

import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.SalienceChanged;
import dev.skein.contracts.SalientMemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A search that leaves the salience to this service ranks with the salient memories the
 * memory-service announced on {@code memory.salience-changed.v1}, without asking it (no
 * memory-service runs here: a call would fail the search). Only a newer announcement
 * replaces the one kept, and an erasure takes it away for good.
 */
class AnnouncedSalienceIT extends AbstractRetrievalIT {

    @Test
    void aSearchRanksWithTheNewestAnnouncementAndAnErasedConversationKeepsNone() {
        MemoryRecorded alpacas = turn(1, "Ana", "My sister breeds alpacas in Porto.");
        MemoryRecorded kayak = turn(2, "Ana", "I bought a red kayak for the river.");
        MemoryRecorded garden = turn(3, "Ana", "The garden needs water every morning.");
        index(List.of(alpacas, kayak, garden));

        announce(3, 0, alpacas, 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> keptRows() == 1);
        Map<UUID, Double> parts = salienceParts();
        assertThat(parts.get(alpacas.memoryId())).isEqualTo(0.2, Offset.offset(1e-9));
        assertThat(parts.get(kayak.memoryId())).isZero();

        // older than the one kept (a redelivery, or an event relayed late): nothing
        // changes
        announce(2, 5, kayak, 1.0);
        // newer by the edit clock alone (a pin): it replaces the list
        SalienceChanged pinned = announce(3, 1, garden, 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> kept().equals(List.of(3L, 1L)));
        parts = salienceParts();
        assertThat(parts.get(garden.memoryId())).isEqualTo(0.2, Offset.offset(1e-9));
        assertThat(parts.get(alpacas.memoryId())).isZero();
        assertThat(parts.get(kayak.memoryId())).isZero();
        assertThat(kept()).containsExactly(pinned.sequence(), pinned.edits());

        assertThat(delete(path(this.tenant, this.conversation) + "?conversationUid=" + this.conversationUid).status())
            .isEqualTo(204);
        assertThat(keptRows()).isZero();
        // an announcement that comes after the erasure is refused: the index
        // remembers the erased incarnation
        announce(9, 9, kayak, 1.0);
        // the topic has one partition here, consumed in order: once a later announcement
        // of another conversation is kept, the late one was handled
        UUID other = UUID.randomUUID();
        publish(new SalienceChanged(UUID.randomUUID(), Instant.now(), this.tenant, "other-" + this.conversation, other,
                1, 0, List.of(new SalientMemory(kayak.memoryId(), 0.5))));
        await().atMost(Duration.ofSeconds(30)).until(() -> keptRows(other) == 1);
        assertThat(keptRows()).isZero();
    }

    private SalienceChanged announce(long sequence, long edits, MemoryRecorded memory, double salience) {
        SalienceChanged event = new SalienceChanged(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, sequence, edits, List.of(new SalientMemory(memory.memoryId(), salience)));
        publish(event);
        return event;
    }

    /** Each hit's salience part, in a search that leaves the salience to this service. */
    private Map<UUID, Double> salienceParts() {
        Response response = post(searchPath(),
                "{\"query\":\"alpacas kayak garden\",\"topK\":10,\"explain\":true,\"salienceFromMemory\":true}");
        assertThat(response.status()).isEqualTo(200);
        Map<UUID, Double> parts = new HashMap<>();
        List<JsonNode> results = response.body().get("results").valueStream().toList();
        List<JsonNode> explain = response.body().get("explain").valueStream().toList();
        for (int i = 0; i < results.size(); i++) {
            parts.put(UUID.fromString(results.get(i).get("memoryId").asString()),
                    explain.get(i).get("salience").asDouble());
        }
        return parts;
    }

    private List<Long> kept() {
        return this.jdbc.sql("SELECT sequence, edits FROM conversation_salience WHERE conversation_uid = :uid")
            .param("uid", this.conversationUid)
            .query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
            .single();
    }

    private long keptRows() {
        return keptRows(this.conversationUid);
    }

    private long keptRows(UUID conversationUid) {
        return this.jdbc.sql("SELECT count(*) FROM conversation_salience WHERE conversation_uid = :uid")
            .param("uid", conversationUid)
            .query(Long.class)
            .single();
    }

}
