package dev.skein.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat turn through the real broker; the test plays the memory, retrieval and
 * generation side.
 */
class TurnIT extends AbstractGatewayIT {

    private static final UUID MEMORY_ID = UUID.fromString("0b7f4f56-6a43-4b0e-8f6a-3f0d0f6a9c11");

    private static final UUID MESSAGE_ID = UUID.fromString("5d2c3a1e-2b9f-4f4e-a8e1-7c1b9d0e2f33");

    private String tenant;

    private String apiKey;

    private String conversation;

    @BeforeEach
    void newTenant() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
    }

    @Test
    void userMessageIsAnsweredWithTheStoredReply() {
        CompletableFuture<HttpResponse<String>> response = http
            .sendAsync(request(messages(), this.apiKey).header("Content-Type", "application/json")
                .header("X-Correlation-Id", "corr-turn-1")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"role":"user","content":"Where did I park?","speaker":"Ann","externalId":"m-9",
                         "createdAt":"2024-05-01T12:00:00Z","metadata":{"lang":"en"}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());

        Requested requested = nextTurnRequested(this.conversation);
        TurnRequested event = requested.event();
        assertThat(event.tenantId()).isEqualTo(this.tenant);
        assertThat(event.conversationId()).isEqualTo(this.conversation);
        assertThat(event.stream()).isFalse();
        assertThat(event.message().role()).isEqualTo("user");
        assertThat(event.message().content()).isEqualTo("Where did I park?");
        assertThat(event.message().speaker()).isEqualTo("Ann");
        assertThat(event.message().externalId()).isEqualTo("m-9");
        assertThat(event.message().createdAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(event.message().metadata()).isEqualTo(Map.of("lang", "en"));
        assertThat(requested.correlationId()).isEqualTo("corr-turn-1");

        produce(completed(event, "Level 3, row F."));
        HttpResponse<String> answer = response.join();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Correlation-Id")).hasValue("corr-turn-1");
        assertThat(body(answer)).isEqualTo(json.readTree("""
                {"turnId":"%s","messageId":"%s","sequence":8,
                 "reply":{"content":"Level 3, row F.","generatedBy":"extractive"},
                 "evidence":[{"memoryId":"%s","text":"Ann: I parked on level 3, row F.","score":0.82,
                              "kind":"turn","externalIds":["m-1"],"createdAt":"2024-04-30T08:15:00Z",
                              "conversationId":"%s"}],
                 "usage":{"promptTokens":120,"completionTokens":9,"contextTokens":40,"historyTokens":900}}
                """.formatted(event.turnId(), MESSAGE_ID, MEMORY_ID, event.conversationId())));
    }

    @Test
    void failedTurnIsServiceUnavailable() {
        CompletableFuture<HttpResponse<String>> response = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"hello\"}");
        TurnRequested event = nextTurnRequested(this.conversation).event();

        produce(new TurnFailed(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, event.turnId(),
                "generation", "The language model is unavailable."));

        JsonNode problem = assertProblem(response.join(), 503, "turn-failed");
        assertThat(problem.path("detail").asString()).isEqualTo("The language model is unavailable.");
    }

    @Test
    void repliesOfOtherTurnsAreIgnored() {
        CompletableFuture<HttpResponse<String>> response = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"hello\"}");
        TurnRequested event = nextTurnRequested(this.conversation).event();
        // Another gateway's turn, and a reply to this turn claiming another tenant.
        produce(new TurnFailed(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, UUID.randomUUID(),
                "generation", "not yours"));
        produce(new TurnFailed(UUID.randomUUID(), Instant.now(), "someone-else", this.conversation, event.turnId(),
                "generation", "wrong tenant"));

        produce(completed(event, "hi"));

        assertThat(response.join().statusCode()).isEqualTo(200);
    }

    @Test
    void unansweredTurnTimesOut() {
        HttpResponse<String> response = post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":\"anyone?\"}");

        assertProblem(response, 504, "turn-timeout");
        assertThat(nextTurnRequested(this.conversation).event().message().content()).isEqualTo("anyone?");
    }

    @Test
    void streamedTurnSendsEachDeltaOnceInOrderThenTheReply() {
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request(messages(), this.apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"tell me\",\"stream\":true}"))
            .build(), HttpResponse.BodyHandlers.ofLines());
        TurnRequested event = nextTurnRequested(this.conversation).event();
        assertThat(event.stream()).isTrue();

        // Out of order and redelivered: the client must still see 0, 1, 2 once each.
        produce(delta(event, 1, "lo, "));
        produce(delta(event, 0, "Hel"));
        produce(delta(event, 0, "Hel"));
        produce(delta(event, 2, "world"));
        produce(delta(event, 1, "lo, "));

        HttpResponse<Stream<String>> answer = response.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        SseReader reader = new SseReader(answer.body().iterator());
        List<SseEvent> events = new ArrayList<>(reader.next(3));
        // The reply is produced once the deltas were seen, as the memory-service does
        // after storing it.
        produce(completed(event, "Hello, world"));
        events.addAll(reader.rest());

        assertThat(events).extracting(SseEvent::name).containsExactly("delta", "delta", "delta", "reply");
        assertThat(events.subList(0, 3)).extracting(e -> json.readTree(e.data()).path("text").asString())
            .containsExactly("Hel", "lo, ", "world");
        assertThat(events.subList(0, 3)).extracting(e -> json.readTree(e.data()).path("index").asInt())
            .containsExactly(0, 1, 2);
        JsonNode reply = json.readTree(events.get(3).data());
        assertThat(reply.path("turnId").asString()).isEqualTo(event.turnId().toString());
        assertThat(reply.at("/reply/content").asString()).isEqualTo("Hello, world");
        assertThat(reply.at("/evidence/0/memoryId").asString()).isEqualTo(MEMORY_ID.toString());
    }

    @Test
    void acceptEventStreamStreamsAndAFailureIsAnErrorEvent() {
        CompletableFuture<HttpResponse<Stream<String>>> response = http
            .sendAsync(request(messages(), this.apiKey).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"tell me\"}"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        TurnRequested event = nextTurnRequested(this.conversation).event();
        assertThat(event.stream()).isTrue();

        produce(delta(event, 0, "Hel"));
        SseReader reader = new SseReader(response.join().body().iterator());
        List<SseEvent> events = new ArrayList<>(reader.next(1));
        produce(new TurnFailed(UUID.randomUUID(), Instant.now(), this.tenant, this.conversation, event.turnId(),
                "retrieval", "The index is unavailable."));
        events.addAll(reader.rest());

        assertThat(events).extracting(SseEvent::name).containsExactly("delta", "error");
        JsonNode problem = json.readTree(events.get(1).data());
        assertThat(problem.path("type").asString()).isEqualTo("https://skein.dev/problems/turn-failed");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asString()).isEqualTo("The index is unavailable.");
    }

    @Test
    void messageWithoutReplyIsStoredThroughTheMemoryService() {
        memory.stub("POST",
                "/internal/tenants/" + this.tenant + "/conversations/" + this.conversation + "/messages:import", 200,
                """
                        {"conversationId":"%s","received":1,"imported":1,"duplicates":0,"firstSequence":4,
                         "lastSequence":4,"watermark":4,
                         "messages":[{"messageId":"%s","sequence":4,"externalId":null,"duplicate":false}]}
                        """.formatted(this.conversation, MESSAGE_ID));

        HttpResponse<String> response = post(messages(), this.apiKey,
                "{\"role\":\"assistant\",\"content\":\"Noted.\",\"speaker\":\"bot\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(body(response))
            .isEqualTo(json.readTree("{\"messageId\":\"%s\",\"sequence\":4,\"watermark\":4}".formatted(MESSAGE_ID)));
        UpstreamStandIn.Call call = memory.callsFor(this.conversation).get(0);
        JsonNode sent = json.readTree(call.body());
        assertThat(sent.at("/messages/0/role").asString()).isEqualTo("assistant");
        assertThat(sent.at("/messages/0/content").asString()).isEqualTo("Noted.");
        assertThat(sent.at("/messages/0/speaker").asString()).isEqualTo("bot");
        assertThat(call.correlationId()).isNotBlank();
    }

    private String messages() {
        return "/v1/conversations/" + this.conversation + "/messages";
    }

    private static ReplyDelta delta(TurnRequested event, int index, String text) {
        return new ReplyDelta(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), index, text);
    }

    private static TurnCompleted completed(TurnRequested event, String content) {
        Evidence evidence = new Evidence(MEMORY_ID, "turn", null, "Ann: I parked on level 3, row F.", 0.82,
                List.of("m-1"), List.of(UUID.randomUUID()), 1, 1, Instant.parse("2024-04-30T08:15:00Z"));
        return new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), MESSAGE_ID, 8, content, "extractive", List.of(evidence), new Usage(120, 9, 40, 900), 0);
    }

    record SseEvent(String name, String data) {
    }

    /** Reads server-sent events off the response lines as they arrive. */
    static final class SseReader {

        private final Iterator<String> lines;

        SseReader(Iterator<String> lines) {
            this.lines = lines;
        }

        List<SseEvent> next(int count) {
            List<SseEvent> events = new ArrayList<>();
            SseEvent event;
            while (events.size() < count && (event = read()) != null) {
                events.add(event);
            }
            return events;
        }

        List<SseEvent> rest() {
            return next(Integer.MAX_VALUE);
        }

        private SseEvent read() {
            String name = null;
            StringBuilder data = new StringBuilder();
            while (this.lines.hasNext()) {
                String line = this.lines.next();
                if (line.isEmpty()) {
                    if (name != null || data.length() > 0) {
                        return new SseEvent(name, data.toString());
                    }
                }
                else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                }
                else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
            return name != null || data.length() > 0 ? new SseEvent(name, data.toString()) : null;
        }

    }

}
