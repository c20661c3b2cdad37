package dev.skein.retrieval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.EventJson;
import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.FlashTurn;
import dev.skein.contracts.RecallRequested;
import dev.skein.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user scope: a search or a turn's recall over a conversation and the other
 * conversations it names (its user's), each hit saying which conversation it is from;
 * nothing of a conversation outside the set, or of another tenant, ever comes back.
 */
class UserScopeIT extends AbstractRetrievalIT {

    private static final String PORTO = "My sister Ana lives in Porto and loves sailing.";

    private final String other = "conv-" + UUID.randomUUID();

    private final String stranger = "conv-" + UUID.randomUUID();

    @Test
    void aSearchWithTheUsersConversationsFindsAMemoryOfAnotherConversationAndNamesIt() {
        indexAll();

        JsonNode alone = search(null).body();
        JsonNode scoped = search(List.of(this.other)).body();

        assertThat(texts(alone)).doesNotContain(PORTO);
        assertThat(alone.get("results").valueStream().map(r -> r.get("conversationId").asString()))
            .containsOnly(this.conversation);
        JsonNode porto = scoped.get("results")
            .valueStream()
            .filter(r -> r.get("text").asString().equals(PORTO))
            .findFirst()
            .orElseThrow();
        assertThat(porto.get("conversationId").asString()).isEqualTo(this.other);
        assertThat(scoped.get("results").valueStream().map(r -> r.get("conversationId").asString()))
            .containsOnly(this.conversation, this.other);
        // outside the set and another tenant's conversation of the same id: never
        assertThat(texts(scoped)).doesNotContain("My sister lives in Lisbon with her cat.",
                "My sister moved to Lisbon last year.");
        assertThat(scoped.get("results").valueStream().map(r -> r.get("score").asDouble()).toList())
            .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aBadConversationSetIsAValidationProblem() {
        Response response = post(searchPath(),
                JSON.writeValueAsString(Map.of("query", "sister", "conversationIds", List.of("ok", "not ok"))));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("conversationIds");
    }

    @Test
    void aTurnsRecallReachesTheUsersOtherConversationsUnderTheSameBudget() {
        indexAll();
        FlashTurn userTurn = new FlashTurn(UUID.randomUUID(), 13, "user", "Melanie", "Where does my sister live?",
                "D1:13", Instant.parse("2023-05-08T14:10:00Z"));
        int budget = 400;
        RecallRequested request = new RecallRequested(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation,
                this.conversationUid, UUID.randomUUID(), userTurn, List.of(), true, userTurn.content(),
                List.of("sister"), 6, budget, 13, 1000, false, List.of(), null, List.of(this.other));

        publish(request, "corr-" + UUID.randomUUID());
        EvidenceRetrieved retrieved = EventJson.read(awaitRecord(Topics.EVIDENCE_RETRIEVED,
                r -> EventJson.read(r.value(), EvidenceRetrieved.class).turnId().equals(request.turnId()))
            .value(), EvidenceRetrieved.class);

        Evidence porto = retrieved.evidence().stream().filter(e -> e.text().equals(PORTO)).findFirst().orElseThrow();
        assertThat(porto.conversationId()).isEqualTo(this.other);
        assertThat(retrieved.evidence()).extracting(Evidence::conversationId)
            .containsOnly(this.conversation, this.other);
        assertThat(retrieved.evidence()).noneMatch(e -> e.text().contains("Lisbon"));
    }

    /**
     * This conversation (twelve turns), the user's other one (the Porto fact), one
     * outside the set and another tenant's conversation with the other one's id.
     */
    private void indexAll() {
        index(Conversations.twelveTurns(this::turn));
        UUID otherUid = UUID.randomUUID();
        index(List.of(turn(this.tenant, this.other, otherUid, 1, "Caroline", "I baked bread this morning."),
                turn(this.tenant, this.other, otherUid, 2, "Caroline", PORTO),
                turn(this.tenant, this.other, otherUid, 3, "Caroline", "The weather is mild today.")));
        index(List.of(turn(this.tenant, this.stranger, UUID.randomUUID(), 1, "Bruno",
                "My sister lives in Lisbon with her cat.")));
        index(List.of(turn("tenant-" + UUID.randomUUID(), this.other, UUID.randomUUID(), 1, "Eve",
                "My sister moved to Lisbon last year.")));
    }

    private Response search(List<String> conversationIds) {
        Map<String, Object> body = conversationIds == null ? Map.of("query", "Where does my sister live?", "topK", 10)
                : Map.of("query", "Where does my sister live?", "topK", 10, "conversationIds", conversationIds);
        Response response = post(searchPath(), JSON.writeValueAsString(body));
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static List<String> texts(JsonNode body) {
        return body.get("results").valueStream().map(r -> r.get("text").asString()).toList();
    }

}
