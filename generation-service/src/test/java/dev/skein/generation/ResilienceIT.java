package dev.skein.generation;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.EvidenceRetrieved;
import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.ReplyGenerated;
import dev.skein.contracts.SummaryGenerated;
import dev.skein.contracts.SummaryRequested;
import dev.skein.contracts.Topics;
import dev.skein.generation.extractive.ExtractiveResponder;
import dev.skein.generation.summary.Summarizer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure injection against the fake providers, retrieve-then-reason, the prompt endpoint
 * and summaries.
 */
class ResilienceIT extends AbstractGenerationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeterRegistry meters;

    @Test
    void retriesA500ThenFallsBackAndOnceTheBreakerIsOpenSkipsTheFailingProvider() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        String first = "it-" + UUID.randomUUID();

        ReplyGenerated reply = answer(evidenceRetrieved(first, "Hello there " + first, List.of(), false));

        assertThat(reply.generatedBy()).isEqualTo(FALLBACK);
        assertThat(reply.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(LLM.requests("p1", first)).hasSize(2); // the call and its retry
        List<FakeLlmServer.Request> fallback = LLM.requests("p2", first);
        assertThat(fallback).hasSize(1);
        assertThat(fallback.get(0).authorization()).isEqualTo("Bearer fallback-key");
        assertThat(fallback.get(0).body().path("model").asString()).isEqualTo("fallback-model");
        assertThat(this.providers.breakerStates()).containsExactly("OPEN", "CLOSED");

        String second = "it-" + UUID.randomUUID();
        ReplyGenerated next = answer(evidenceRetrieved(second, "Hello again " + second, List.of(), false));

        assertThat(next.generatedBy()).isEqualTo(FALLBACK);
        assertThat(LLM.requests("p1", second)).isEmpty(); // straight to the fallback
        assertThat(LLM.requests("p2", second)).hasSize(1);
        // what an operator sees of it
        assertThat(this.meters.find("resilience4j.circuitbreaker.state").tag("state", "open").gauges())
            .anySatisfy(gauge -> assertThat(gauge.value()).isEqualTo(1.0));
        assertThat(this.meters.find("skein.llm.calls").tag("outcome", "failure").timers()).isNotEmpty();
        assertThat(this.meters.find("skein.llm.calls").tag("outcome", "breaker-open").timers()).isNotEmpty();
        assertThat(this.meters.find("skein.llm.calls").tag("outcome", "success").timers()).isNotEmpty();
    }

    @Test
    void aProviderThatTimesOutStillGetsTheTurnAnsweredByTheFallback() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.STALL);
        String conversation = "it-" + UUID.randomUUID();

        ReplyGenerated reply = answer(evidenceRetrieved(conversation, "Hello there " + conversation, List.of(), false));

        assertThat(reply.generatedBy()).isEqualTo(FALLBACK);
        assertThat(reply.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(LLM.requests("p1", conversation)).isNotEmpty();
        assertThat(LLM.requests("p2", conversation)).hasSize(1);
    }

    @Test
    void aSlowStreamArrivesWholeFromTheFirstProvider() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.SLOW);
        String conversation = "it-" + UUID.randomUUID();

        ReplyGenerated reply = answer(
                evidenceRetrieved(conversation, "Continue the story " + conversation, List.of(), true));

        assertThat(reply.generatedBy()).isEqualTo(PRIMARY);
        assertThat(reply.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(records(Topics.REPLY_DELTA, conversation, 4).stream()
            .map(record -> ((ReplyDelta) KafkaEvents.event(record)).text())
            .toList()).containsExactlyElementsOf(FakeLlmServer.ANSWER_PIECES);
        assertThat(LLM.requests("p2", conversation)).isEmpty();
    }

    @Test
    void aProviderRejectingLogprobsIsAskedAgainWithoutAndThenNoMore() throws Exception {
        LLM.mode("p1", FakeLlmServer.Mode.REJECT_LOGPROBS);
        String first = "it-" + UUID.randomUUID();

        ReplyGenerated reply = answer(evidenceRetrieved(first, "Hello there " + first, List.of(), false));

        assertThat(reply.generatedBy()).isEqualTo(PRIMARY);
        assertThat(reply.logprobs()).isEmpty();
        assertThat(LLM.requests("p1", first)).extracting(r -> r.body().path("logprobs").asBoolean(false))
            .containsExactly(true, false);

        String second = "it-" + UUID.randomUUID();
        answer(evidenceRetrieved(second, "Hello again " + second, List.of(), false));
        assertThat(LLM.requests("p1", second)).extracting(r -> r.body().has("logprobs")).containsExactly(false);
    }

    @Test
    void retrieveThenReasonDropsAFabricatedQuoteAndAnswersFromTheVerifiedEvidenceOnly() throws Exception {
        Evidence cat = evidence("Alice: I adopted a cat today,\nher name is Miso.", 0.9);
        Evidence bike = evidence("Bob: I sold my red bicycle last week.", 0.8);
        // E1 is the best-ranked memory; the E2 quote is not in E2's text
        LLM.selectionReply("```json\n{\"evidence\":[{\"id\":\"E1\",\"quote\":\"her name is   Miso\"},"
                + "{\"id\":\"E2\",\"quote\":\"Bob bought a blue car\"}]}\n```");
        String conversation = "it-" + UUID.randomUUID();
        EvidenceRetrieved event = evidenceRetrieved(conversation, "What was my cat called? " + conversation,
                List.of(bike, cat), false);

        ReplyGenerated reply = answer(event);

        assertThat(reply.generatedBy()).isEqualTo(PRIMARY);
        assertThat(reply.evidence()).containsExactly(cat);
        List<FakeLlmServer.Request> requests = LLM.requests("p1", conversation);
        assertThat(requests).extracting(FakeLlmServer.Request::selection).containsExactly(true, false);
        assertThat(requests.get(0).mentions("red bicycle")).isTrue(); // step 1 saw both
        assertThat(requests.get(1).mentions("her name is Miso")).isTrue();
        assertThat(requests.get(1).mentions("red bicycle")).isFalse();

        HttpResponse<String> response = get("/internal/turns/" + event.turnId() + "/prompt");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode prompt = JSON.readTree(response.body());
        assertThat(prompt.path("reasoning").asString()).isEqualTo("retrieve-then-reason");
        assertThat(prompt.path("generatedBy").asString()).isEqualTo(PRIMARY);
        assertThat(prompt.path("promptTokens").asInt()).isPositive();
        assertThat(prompt.path("messages").toString()).contains("her name is Miso").doesNotContain("red bicycle");
        assertThat(prompt.path("selectionMessages").toString()).contains("red bicycle");
        assertThat(get("/internal/turns/" + UUID.randomUUID() + "/prompt").statusCode()).isEqualTo(404);
    }

    @Test
    void summarizesWithTheLlmAndExtractivelyWhenNoProviderAnswers() throws Exception {
        String conversation = "it-" + UUID.randomUUID();
        SummaryRequested request = summaryRequested(conversation);

        publish(request, "corr-" + conversation);

        SummaryGenerated summary = (SummaryGenerated) KafkaEvents
            .event(records(Topics.SUMMARY_GENERATED, conversation, 1).get(0));
        assertThat(summary.summaryId()).isEqualTo(request.summaryId());
        assertThat(summary.conversationUid()).isEqualTo(request.conversationUid());
        assertThat(summary.generatedBy()).isEqualTo(PRIMARY);
        assertThat(summary.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(LLM.requests("p1", conversation).get(0).mentions("at most 60 tokens")).isTrue();

        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        LLM.mode("p2", FakeLlmServer.Mode.FAIL);
        String other = "it-" + UUID.randomUUID();
        publish(summaryRequested(other), null);

        SummaryGenerated extractive = (SummaryGenerated) KafkaEvents
            .event(records(Topics.SUMMARY_GENERATED, other, 1).get(0));
        assertThat(extractive.generatedBy()).isEqualTo("extractive (fallback: the LLM answered HTTP 500)");
        assertThat(extractive.content()).contains("Alice: I adopted a cat named Miso on 2023-05-01.")
            .doesNotContain(ExtractiveResponder.LABEL);
    }

    @Test
    void extractsAWindowsFactsWithTheLlmAndNoneWhenNoProviderAnswers() throws Exception {
        String conversation = "it-" + UUID.randomUUID();
        SummaryRequested request = factsRequested(conversation);

        publish(request, "corr-" + conversation);

        SummaryGenerated facts = (SummaryGenerated) KafkaEvents
            .event(records(Topics.SUMMARY_GENERATED, conversation, 1).get(0));
        assertThat(facts.summaryId()).isEqualTo(request.summaryId());
        assertThat(facts.generatedBy()).isEqualTo(PRIMARY);
        assertThat(facts.content()).isEqualTo(FakeLlmServer.ANSWER);
        assertThat(LLM.requests("p1", conversation).get(0).mentions("One fact per line")).isTrue();

        LLM.mode("p1", FakeLlmServer.Mode.FAIL);
        LLM.mode("p2", FakeLlmServer.Mode.FAIL);
        String other = "it-" + UUID.randomUUID();
        publish(factsRequested(other), null);

        SummaryGenerated none = (SummaryGenerated) KafkaEvents
            .event(records(Topics.SUMMARY_GENERATED, other, 1).get(0));
        assertThat(none.content()).isEmpty();
        assertThat(none.generatedBy()).startsWith("extractive (fallback:");
    }

    private ReplyGenerated answer(EvidenceRetrieved event) throws Exception {
        publish(event, "corr-" + event.conversationId());
        return (ReplyGenerated) KafkaEvents.event(records(Topics.REPLY_GENERATED, event.conversationId(), 1).get(0));
    }

    private static Evidence evidence(String text, double score) {
        return new Evidence(UUID.randomUUID(), "turn", null, text, score, List.of("ext-" + score),
                List.of(UUID.randomUUID()), 3, 3, Instant.parse("2023-05-01T18:30:00Z"));
    }

    private static SummaryRequested summaryRequested(String conversation) {
        return requested(conversation, "segment", " She is grey.");
    }

    private static SummaryRequested factsRequested(String conversation) {
        return requested(conversation, Summarizer.FACTS, "");
    }

    private static SummaryRequested requested(String conversation, String level, String more) {
        return new SummaryRequested(UUID.randomUUID(), Instant.now(), "tenant-it", conversation, UUID.randomUUID(),
                UUID.randomUUID(), level,
                "Alice: I adopted a cat named Miso on 2023-05-01." + more + "\n" + "Bob: ok\nAlice: " + conversation,
                60, List.of(UUID.randomUUID()), List.of("ext-1"), 1, 3);
    }

}
