package dev.skein.generation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.Sampling;
import dev.skein.contracts.Topics;
import dev.skein.contracts.TurnFailed;
import dev.skein.generation.extractive.ExtractiveResponder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationIT extends AbstractGenerationIT {

    @Test
    void answersWithTheLlmFromAPromptHoldingTheOldEvidenceAndTheMessage() throws Exception {
        String conversation = "it-" + UUID.randomUUID();
        String question = "What was the name of my cat? (" + conversation + ")";
        Evidence cat = oldTurn("Alice: I adopted a cat today, her name is Miso.");
        EvidenceRetrieved event = evidenceRetrieved(conversation, question, List.of(cat), false);

        publish(event, "corr-" + conversation);

        ConsumerRecord<String, String> record = records(Topics.REPLY_GENERATED, conversation, 1).get(0);
        ReplyGenerated reply = (ReplyGenerated) KafkaEvents.event(record);
        assertThat(reply.turnId()).isEqualTo(event.turnId());
        assertThat(reply.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(reply.generatedBy()).isEqualTo(PRIMARY);
        assertThat(reply.evidence()).containsExactly(cat);
        assertThat(reply.logprobs()).isEqualTo(FakeLlmServer.LOGPROBS);
        assertThat(reply.usage().promptTokens()).isPositive();
        assertThat(reply.usage().completionTokens()).isEqualTo(12);
        assertThat(reply.usage().contextTokens()).isPositive();
        assertThat(reply.usage().historyTokens()).isEqualTo(5000);
        assertThat(KafkaEvents.correlationId(record)).isEqualTo("corr-" + conversation);

        // a question about the past: the evidence selection (whose answer the fake leaves
        // unparseable) first
        List<FakeLlmServer.Request> requests = LLM.requests("p1", conversation);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).selection()).isTrue();
        FakeLlmServer.Request request = requests.get(1);
        assertThat(request.selection()).isFalse();
        assertThat(request.authorization()).isEqualTo("Bearer test-key");
        assertThat(request.body().path("model").asString()).isEqualTo("test-model");
        assertThat(request.body().path("stream").asBoolean()).isFalse();
        assertThat(request.body().path("logprobs").asBoolean()).isTrue();
        List<JsonNode> messages = request.body().path("messages").valueStream().toList();
        assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
        assertThat(messages.get(1).path("content").asString()).contains("2023-05-01", "ext-3",
                "Alice: I adopted a cat today, her name is Miso.");
        assertThat(messages.get(2).path("content").asString()).isEqualTo("Anything else?");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asString()).isEqualTo("user");
        assertThat(last.path("content").asString()).isEqualTo("Alice: " + question);
    }

    @Test
    void streamsTheLlmReplyAsDeltasThatAddUpToTheReply() throws Exception {
        String conversation = "it-" + UUID.randomUUID();
        EvidenceRetrieved event = evidenceRetrieved(conversation, "My cat? " + conversation,
                List.of(oldTurn("Alice: her name is Miso.")), true);

        publish(event, "corr-" + conversation);

        ReplyGenerated reply = (ReplyGenerated) KafkaEvents
            .event(records(Topics.REPLY_GENERATED, conversation, 1).get(0));
        assertThat(reply.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(reply.generatedBy()).isEqualTo(PRIMARY);
        // collected from the chunks
        assertThat(reply.logprobs()).isEqualTo(FakeLlmServer.LOGPROBS);
        List<ReplyDelta> deltas = deltas(conversation, FakeLlmServer.ANSWER_PIECES.size());
        assertThat(deltas).extracting(ReplyDelta::index).containsExactly(0, 1, 2, 3);
        assertThat(deltas).extracting(ReplyDelta::text).containsExactlyElementsOf(FakeLlmServer.ANSWER_PIECES);
        assertThat(deltas).allMatch(delta -> delta.turnId().equals(event.turnId()));
        assertThat(LLM.requests("p1", conversation)
            .stream()
            .filter(r -> !r.selection())
            .findFirst()
            .orElseThrow()
            .body()
            .path("stream")
            .asBoolean()).isTrue();
    }

    @Test
    void passesTheClientsSamplingOptionsToTheLlmCallStreamedOrNot() throws Exception {
        for (boolean stream : new boolean[] { false, true }) {
            String conversation = "it-" + UUID.randomUUID();
            EvidenceRetrieved plain = evidenceRetrieved(conversation, "Tell me a story " + conversation,
                    List.of(oldTurn("Alice: Miso.")), stream);
            EvidenceRetrieved event = new EvidenceRetrieved(plain.eventId(), plain.occurredAt(), plain.tenantId(),
                    plain.conversationId(), plain.turnId(), plain.userTurn(), plain.flash(), plain.evidence(),
                    plain.historyTokens(), plain.stream(), new Sampling(42, 0.25, List.of("END", "\n\n"), "user-7"));

            publish(event, null);

            records(Topics.REPLY_GENERATED, conversation, 1);
            JsonNode body = LLM.requests("p1", conversation).get(0).body();
            assertThat(body.path("stream").asBoolean()).isEqualTo(stream);
            assertThat(body.path("max_tokens").asInt()).isEqualTo(42);
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
            assertThat(body.path("stop").valueStream().map(JsonNode::asString).toList()).containsExactly("END", "\n\n");
            assertThat(body.path("user").asString()).isEqualTo("user-7");
        }
    }

    @Test
    void leavesSamplingToTheProviderWhenTheClientAskedNothing() throws Exception {
        String conversation = "it-" + UUID.randomUUID();

        publish(evidenceRetrieved(conversation, "Tell me a story " + conversation, List.of(), false), null);

        records(Topics.REPLY_GENERATED, conversation, 1);
        JsonNode body = LLM.requests("p1", conversation).get(0).body();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("stop")).isFalse();
        assertThat(body.has("user")).isFalse();
    }

    @Test
    void fallsBackToTheExtractiveResponderWhenTheLlmFails() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        LLM.mode("p2", FakeLlmServer.Mode.FAIL);
        String conversation = "it-" + UUID.randomUUID();
        Evidence cat = oldTurn("Alice: I adopted a cat today, her name is Miso.");

        publish(evidenceRetrieved(conversation, "What was my cat called? " + conversation, List.of(cat), false), null);

        ReplyGenerated reply = (ReplyGenerated) KafkaEvents
            .event(records(Topics.REPLY_GENERATED, conversation, 1).get(0));
        assertThat(reply.generatedBy()).isEqualTo("extractive (fallback: the LLM answered HTTP 500)");
        assertThat(reply.content()).startsWith(ExtractiveResponder.LABEL)
            .contains("no LLM wrote this reply")
            .contains("- 2023-05-01: \"Alice: I adopted a cat today, her name is Miso.\"");
        assertThat(reply.evidence()).containsExactly(cat);
        assertThat(LLM.requests("p1", conversation)).hasSize(2); // a retry
        assertThat(LLM.requests("p2", conversation)).hasSize(2);
    }

    @Test
    void keepsWhatWasStreamedAndFinishesExtractivelyWhenTheLlmStallsMidReply() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.STALL);
        String conversation = "it-" + UUID.randomUUID();

        // not about the past, so there is no selection step: the one call is the stream
        publish(evidenceRetrieved(conversation, "Continue the story " + conversation, List.of(oldTurn("Alice: Miso.")),
                true), "corr-" + conversation);

        ReplyGenerated reply = (ReplyGenerated) KafkaEvents
            .event(records(Topics.REPLY_GENERATED, conversation, 1).get(0));
        String streamedBeforeTheStall = FakeLlmServer.ANSWER_PIECES.get(0) + FakeLlmServer.ANSWER_PIECES.get(1);
        assertThat(reply.generatedBy()).isEqualTo(
                "extractive (fallback: the LLM did not answer within 5s; " + "after a partial " + PRIMARY + " reply)");
        assertThat(reply.content()).startsWith(streamedBeforeTheStall + "\n\n[The LLM stopped mid-reply")
            .contains(ExtractiveResponder.LABEL, "\"Alice: Miso.\"");
        List<ReplyDelta> deltas = deltas(conversation, 3);
        assertThat(deltas).extracting(ReplyDelta::index)
            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, deltas.size()).boxed().toList());
        assertThat(deltas.stream().map(ReplyDelta::text).reduce("", String::concat)).isEqualTo(reply.content());
        // the pieces already sent cannot be followed by another provider's: neither a
        // retry nor p2
        assertThat(LLM.requests("p1", conversation)).hasSize(1);
        assertThat(LLM.requests("p2", conversation)).isEmpty();
    }

    @Test
    void reportsATurnItCannotAnswerAsFailed() throws Exception {
        String conversation = "it-" + UUID.randomUUID();
        EvidenceRetrieved complete = evidenceRetrieved(conversation, "?", List.of(), false);
        EvidenceRetrieved withoutUserTurn = new EvidenceRetrieved(complete.eventId(), complete.occurredAt(),
                complete.tenantId(), conversation, complete.turnId(), null, complete.flash(), List.of(), 0, false);

        publish(withoutUserTurn, "corr-" + conversation);

        ConsumerRecord<String, String> record = records(Topics.TURN_FAILED, conversation, 1).get(0);
        TurnFailed failed = (TurnFailed) KafkaEvents.event(record);
        assertThat(failed.turnId()).isEqualTo(complete.turnId());
        assertThat(failed.stage()).isEqualTo("generation");
        assertThat(failed.reason()).isNotBlank().doesNotContain("Exception");
        assertThat(new String(record.headers().lastHeader(Topics.CORRELATION_HEADER).value(), StandardCharsets.UTF_8))
            .isEqualTo("corr-" + conversation);
    }

    /**
     * All deltas of the conversation once the reply is out (the reply is published after
     * they are acked).
     */
    private List<ReplyDelta> deltas(String conversation, int atLeast) {
        return records(Topics.REPLY_DELTA, conversation, atLeast).stream()
            .map(record -> (ReplyDelta) KafkaEvents.event(record))
            .toList();
    }

}
