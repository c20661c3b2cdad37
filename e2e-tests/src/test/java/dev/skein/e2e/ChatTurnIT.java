package dev.skein.e2e;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;
import dev.skein.e2e.SkeinClient.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ChatTurnIT {

    private final SkeinClient client = SkeinStack.get().newTenant();

    @Test
    void aChatTurnIsAnsweredStoredAndLabelledAsNotWrittenByAnLlm() {
        String conversation = "chat-" + UUID.randomUUID();

        Response response = this.client.say(conversation, "Hello, I am planning a trip to Kyoto in April.");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("turnId").asString()).isNotBlank();
        assertThat(body.path("reply").path("generatedBy").asString()).startsWith("extractive");
        assertThat(body.path("reply").path("content").asString()).containsIgnoringCase("no LLM");
        JsonNode transcript = this.client.get("/v1/conversations/" + conversation + "/messages").json();
        assertThat(transcript.path("messages").size()).isEqualTo(2);
        assertThat(transcript.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(transcript.path("messages").get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(transcript.path("messages").get(1).path("content").asString())
            .isEqualTo(body.path("reply").path("content").asString());
    }

    @Test
    void aLaterTurnRecallsAnOldMemoryAsEvidenceWithItsSourceId() {
        String conversation = "recall-" + UUID.randomUUID();
        Response imported = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                Histories.petAndHobbies());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        Response response = this.client.say(conversation, "Remind me, what is the name of Maria's dog?");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("evidence").toString()).contains(Histories.PET_TURN);
        assertThat(response.json().path("reply").path("content").asString()).contains("Biscuit");
    }

    @Test
    void withoutAnLlmAFactStillInFlashMemoryAnswersTheNextQuestion() {
        String conversation = "porto-" + UUID.randomUUID();
        Response told = this.client.say(conversation, "My sister Ana lives in Porto and loves sailing.");
        assertThat(told.status()).as(told.body()).isEqualTo(200);

        Response asked = this.client.say(conversation, "Where does my sister live?");

        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        String content = asked.json().path("reply").path("content").asString();
        assertThat(content).containsIgnoringCase("no LLM").contains("My sister Ana lives in Porto and loves sailing.");
        assertThat(asked.json().path("evidence").toString()).contains("Porto");
    }

    @Test
    void aStreamedTurnDeliversDeltasThatAddUpToTheStoredReply() {
        String conversation = "stream-" + UUID.randomUUID();

        List<ServerSentEvent> events = this.client.stream("/v1/conversations/" + conversation + "/messages",
                "{\"role\":\"user\",\"content\":\"Tell me what you remember about me.\",\"stream\":true}");

        assertThat(events).isNotEmpty();
        ServerSentEvent last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("reply");
        StringBuilder streamed = new StringBuilder();
        int expectedIndex = 0;
        for (ServerSentEvent event : events.subList(0, events.size() - 1)) {
            assertThat(event.event()).isEqualTo("delta");
            assertThat(event.json().path("index").asInt()).isEqualTo(expectedIndex++);
            streamed.append(event.json().path("text").asString());
        }
        assertThat(expectedIndex).isPositive();
        assertThat(streamed.toString()).isEqualTo(last.json().path("reply").path("content").asString());
        JsonNode transcript = this.client.get("/v1/conversations/" + conversation + "/messages").json();
        assertThat(transcript.path("messages").size()).isEqualTo(2);
    }

}
