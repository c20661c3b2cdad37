package dev.skein.gateway;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingProgressed;
import dev.skein.contracts.WritingRequested;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-form writing through the gateway; the test plays the generation-service (HTTP
 * stand-in and Kafka).
 */
class WritingIT extends AbstractGatewayIT {

    private String tenant;

    private String apiKey;

    private String conversation;

    private Consumer<String, Object> writingRequests;

    @BeforeEach
    void newTenantAndRequestsConsumer() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
        generation.stub("GET", "/internal/writing", 200, "{\"available\":true,\"reason\":null}");
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.writingRequests = this.consumerFactory.createConsumer(null, "test-writing-requests", null, overrides);
        List<TopicPartition> partitions = this.writingRequests.partitionsFor(Topics.WRITING_REQUESTED)
            .stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
        this.writingRequests.assign(partitions);
        this.writingRequests.seekToEnd(partitions);
        partitions.forEach(this.writingRequests::position);
    }

    @AfterEach
    void closeRequestsConsumer() {
        this.writingRequests.close(Duration.ofSeconds(1));
    }

    @Test
    void anAcceptedJobIsInKafkaWithItsTenantAndCorrelationId() {
        HttpResponse<String> response = send(request(writings(), this.apiKey).header("Content-Type", "application/json")
            .header("X-Correlation-Id", "corr-writing-1")
            .POST(java.net.http.HttpRequest.BodyPublishers
                .ofString("{\"instruction\":\"  A 10,000-word report on our year  \",\"targetWords\":10000}"))
            .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = body(response);
        String jobId = body.path("jobId").asString();
        assertThat(body.path("status").asString()).isEqualTo("accepted");
        assertThat(body.path("links").path("self").asString()).isEqualTo(writings() + "/" + jobId);
        assertThat(body.path("links").path("events").asString()).isEqualTo(writings() + "/" + jobId + "/events");
        assertThat(response.headers().firstValue("Location")).hasValue(writings() + "/" + jobId);
        ConsumerRecord<String, Object> record = nextWritingRequested();
        WritingRequested event = (WritingRequested) record.value();
        assertThat(event.jobId()).isEqualTo(UUID.fromString(jobId));
        assertThat(event.tenantId()).isEqualTo(this.tenant);
        assertThat(event.conversationId()).isEqualTo(this.conversation);
        assertThat(event.instruction()).isEqualTo("A 10,000-word report on our year");
        assertThat(event.targetWords()).isEqualTo(10_000);
        assertThat(KafkaEvents.correlationId(record)).isEqualTo("corr-writing-1");
    }

    @Test
    void badRequestsAreProblemsAndPublishNothing() {
        assertThat(
                errorFields(assertProblem(post(writings(), this.apiKey, "{\"targetWords\":1000}"), 400, "validation")))
            .containsExactly("instruction");
        assertThat(
                errorFields(assertProblem(post(writings(), this.apiKey, "{\"instruction\":\"   \",\"targetWords\":99}"),
                        400, "validation")))
            .containsExactly("instruction", "targetWords");
        assertThat(errorFields(assertProblem(
                post(writings(), this.apiKey, "{\"instruction\":\"x\",\"targetWords\":50001}"), 400, "validation")))
            .containsExactly("targetWords");
        assertThat(
                errorFields(assertProblem(post(writings(), this.apiKey, "{\"instruction\":\"x\"}"), 400, "validation")))
            .containsExactly("targetWords");
        assertThat(errorFields(assertProblem(
                post(writings(), this.apiKey, "{\"instruction\":\"" + "y".repeat(8001) + "\",\"targetWords\":1000}"),
                400, "validation")))
            .containsExactly("instruction");
        assertThat(errorFields(assertProblem(
                post(writings(), this.apiKey, "{\"instruction\":\"x\",\"targetWords\":\"many\"}"), 400, "validation")))
            .containsExactly("targetWords");
        assertThat(errorFields(
                assertProblem(post(writings(), this.apiKey, "{\"instruction\":\"a\\u0000b\",\"targetWords\":1000}"),
                        400, "validation")))
            .containsExactly("instruction");
        assertProblem(post(writings(), this.apiKey, "{\"instruction\":"), 400, "malformed-request");
        assertProblem(post("/v1/conversations/bad%20id/writings", this.apiKey,
                "{\"instruction\":\"x\",\"targetWords\":1000}"), 400, "validation");

        // the first request of this conversation that reaches Kafka is the valid one sent
        // last
        assertThat(
                post(writings(), this.apiKey, "{\"instruction\":\"the valid one\",\"targetWords\":100}").statusCode())
            .isEqualTo(202);
        assertThat(((WritingRequested) nextWritingRequested().value()).instruction()).isEqualTo("the valid one");
    }

    @Test
    void withoutAnLlmTheRequestIsRefusedUpFront() {
        generation.stub("GET", "/internal/writing", 200, "{\"available\":false,\"reason\":"
                + "\"long-form writing needs an LLM provider; set SKEIN_LLM_BASE_URL\"}");
        try {
            JsonNode problem = assertProblem(
                    post(writings(), this.apiKey, "{\"instruction\":\"a report\",\"targetWords\":1000}"), 503,
                    "writing-unavailable");
            assertThat(problem.path("detail").asString())
                .isEqualTo("long-form writing needs an LLM provider; set SKEIN_LLM_BASE_URL");
        }
        finally {
            generation.stub("GET", "/internal/writing", 200, "{\"available\":true,\"reason\":null}");
        }
        assertThat(post(writings(), this.apiKey, "{\"instruction\":\"now it can\",\"targetWords\":100}").statusCode())
            .isEqualTo(202);
        assertThat(((WritingRequested) nextWritingRequested().value()).instruction()).isEqualTo("now it can");
    }

    @Test
    void theJobIsReadFromTheGenerationServiceOfTheCallersTenantOnly() {
        UUID jobId = UUID.randomUUID();
        generation.stub("GET", internalJob(jobId), 200, job(jobId, "completed"));

        HttpResponse<String> mine = get(writings() + "/" + jobId, this.apiKey);

        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(body(mine)).isEqualTo(json.readTree(job(jobId, "completed")));
        // another tenant asks with the same ids: the generation-service is asked under
        // that tenant, and has none
        String otherKey = newApiKey(newId("tenant"));
        assertProblem(get(writings() + "/" + jobId, otherKey), 404, "not-found");
        assertProblem(get(writings() + "/not-a-uuid", this.apiKey), 404, "not-found");
        assertThat(generation.calls()
            .stream()
            .filter(call -> call.path().endsWith("/writings/" + jobId))
            .map(UpstreamStandIn.Call::path)).contains(internalJob(jobId));
    }

    @Test
    void eventsStartWithTheJobsStateThenRelayItsProgressAndEndWhenItCompletes() throws Exception {
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(json.readTree(get("/actuator/health", null).body())
                .at("/components/writingProgressListener/status")
                .asString()).isEqualTo("UP"));
        UUID jobId = UUID.randomUUID();
        generation.stub("GET", internalJob(jobId), 200, job(jobId, "writing"));
        HttpResponse<InputStream> stream = http
            .send(request(writings() + "/" + jobId + "/events", this.apiKey).header("Accept", "text/event-stream")
                .GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readEvents(lines));

        produce(progress(jobId, this.tenant, "section-written", 2, 1250));
        produce(progress(jobId, "someone-else", "failed", null, null)); // another
                                                                        // tenant's claim:
                                                                        // not relayed
        produce(progress(jobId, this.tenant, "completed", null, 10_000));

        List<String> received = events.get(30, TimeUnit.SECONDS);
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).startsWith("event:state\n");
        assertThat(json.readTree(data(received.get(0))).path("status").asString()).isEqualTo("writing");
        assertThat(received.get(1)).startsWith("event:section-written\n");
        JsonNode written = json.readTree(data(received.get(1)));
        assertThat(written.path("section").asInt()).isEqualTo(2);
        assertThat(written.path("actualWords").asInt()).isEqualTo(1250);
        assertThat(received.get(2)).startsWith("event:completed\n");
        assertThat(json.readTree(data(received.get(2))).path("actualWords").asInt()).isEqualTo(10_000);
    }

    @Test
    void eventsOfAFinishedJobAreItsStateAlone() throws Exception {
        UUID jobId = UUID.randomUUID();
        generation.stub("GET", internalJob(jobId), 200, job(jobId, "completed"));

        HttpResponse<String> response = send(
                request(writings() + "/" + jobId + "/events", this.apiKey).header("Accept", "text/event-stream")
                    .GET()
                    .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("event:state\n").doesNotContain("event:completed");
        assertProblem(get(writings() + "/" + UUID.randomUUID() + "/events", this.apiKey), 404, "not-found");
    }

    @Test
    void aStreamWhoseLastEventIsLostEndsOnceTheJobReadsAsFinished() throws Exception {
        UUID jobId = UUID.randomUUID();
        generation.stub("GET", internalJob(jobId), 200, job(jobId, "writing"));
        HttpResponse<InputStream> stream = http
            .send(request(writings() + "/" + jobId + "/events", this.apiKey).header("Accept", "text/event-stream")
                .GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    read.add(line);
                    if (line.equals(":heartbeat")) {
                        // the job completes, but its completed event never reaches Kafka
                        generation.stub("GET", internalJob(jobId), 200, job(jobId, "completed"));
                    }
                }
            }
            catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
            return read;
        });

        List<String> read = lines.get(30, TimeUnit.SECONDS); // the stream ended by itself

        assertThat(read).contains(":heartbeat");
        List<String> events = read.stream().filter(line -> line.startsWith("event:")).toList();
        assertThat(events).containsExactly("event:state", "event:state");
        List<String> data = read.stream().filter(line -> line.startsWith("data:")).toList();
        assertThat(json.readTree(data.get(0).substring(5)).path("status").asString()).isEqualTo("writing");
        assertThat(json.readTree(data.get(data.size() - 1).substring(5)).path("status").asString())
            .isEqualTo("completed");
    }

    @Test
    void theLinksOfAJustAcceptedJobAnswerAcceptedUntilTheGenerationServiceHasIt() throws Exception {
        HttpResponse<String> created = post(writings(), this.apiKey,
                "{\"instruction\":\"a report\",\"targetWords\":500}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode links = body(created).path("links");
        String jobId = body(created).path("jobId").asString();
        // the generation-service has not consumed the request yet: its stand-in answers
        // 404

        HttpResponse<String> self = get(links.path("self").asString(), this.apiKey);
        assertThat(self.statusCode()).as(self.body()).isEqualTo(200);
        assertThat(body(self).path("status").asString()).isEqualTo("accepted");
        assertThat(body(self).path("jobId").asString()).isEqualTo(jobId);
        assertThat(body(self).path("targetWords").asInt()).isEqualTo(500);
        HttpResponse<InputStream> stream = http
            .send(request(links.path("events").asString(), this.apiKey).header("Accept", "text/event-stream")
                .GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readEvents(reader));
        // only the tenant and conversation that asked for it
        assertProblem(get(links.path("self").asString(), newApiKey(newId("tenant"))), 404, "not-found");
        assertProblem(get("/v1/conversations/" + newId("conv") + "/writings/" + jobId, this.apiKey), 404, "not-found");

        // consumed and written: the generation-service's state from now on, and the
        // stream ends with it
        generation.stub("GET", internalJob(UUID.fromString(jobId)), 200, job(UUID.fromString(jobId), "completed"));
        List<String> received = events.get(30, TimeUnit.SECONDS);
        assertThat(received).hasSize(2);
        assertThat(json.readTree(data(received.get(0))).path("status").asString()).isEqualTo("accepted");
        assertThat(json.readTree(data(received.get(1))).path("status").asString()).isEqualTo("completed");
        assertThat(body(get(links.path("self").asString(), this.apiKey)).path("status").asString())
            .isEqualTo("completed");
    }

    private static List<String> readEvents(BufferedReader lines) {
        List<String> events = new ArrayList<>();
        StringBuilder event = new StringBuilder();
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event.length() > 0) {
                        events.add(event.toString());
                        event.setLength(0);
                    }
                }
                else if (!line.startsWith(":")) { // a comment: the heartbeat
                    event.append(line).append('\n');
                }
            }
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        return events;
    }

    private static String data(String event) {
        StringBuilder data = new StringBuilder();
        for (String line : event.split("\n")) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5));
            }
        }
        return data.toString();
    }

    private WritingProgressed progress(UUID jobId, String tenantId, String kind, Integer section, Integer words) {
        return new WritingProgressed(UUID.randomUUID(), Instant.now(), tenantId, this.conversation, jobId, kind,
                "completed".equals(kind) ? "completed" : "writing", section, section == null ? null : "Chapter 3", 1250,
                words, 3, 8, null);
    }

    private ConsumerRecord<String, Object> nextWritingRequested() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Object> record : this.writingRequests.poll(Duration.ofMillis(100))) {
                if (this.conversation.equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("No WritingRequested for " + this.conversation);
    }

    private String writings() {
        return "/v1/conversations/" + this.conversation + "/writings";
    }

    private String internalJob(UUID jobId) {
        return "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation + "/writings/" + jobId;
    }

    /** A job as the generation-service shows it: every field, in its order. */
    private String job(UUID jobId, String status) {
        return """
                {"jobId":"%s","conversationId":"%s","status":"%s","instruction":"a report","targetWords":10000,
                 "actualWords":10000,"plan":{"source":"llm","note":null,"sections":[{"position":0,
                 "title":"Chapter 1","brief":"the start","targetWords":10000,"status":"written","actualWords":10000,
                 "reviews":[{"draft":1,"words":10000,"verdict":"ok"}],"memoriesUsed":1,"generatedBy":"llm:m@p1"}]},
                 "memoryNote":null,"failure":null,"attempts":0,"lastError":null,"nextAttemptAt":null,
                 "text":"## Chapter 1","createdAt":"2024-04-30T08:00:00Z","updatedAt":"2024-04-30T08:10:00Z",
                 "completedAt":null,"storedInConversationAt":null}""".formatted(jobId, this.conversation, status);
    }

}
