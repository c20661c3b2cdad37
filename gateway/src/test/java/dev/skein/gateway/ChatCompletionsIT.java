package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.ReplyDelta;
import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.TurnFailed;
import dev.skein.contracts.Sampling;
import dev.skein.contracts.TurnRequested;
import dev.skein.contracts.Usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/chat/completions} driven by the official OpenAI Java SDK, pointed at the
 * gateway with only a base URL, an API key and {@code X-Conversation-Id}; the test plays
 * the rest of the turn through the broker, as in {@link TurnIT}.
 */
class ChatCompletionsIT extends AbstractGatewayIT {

    private static final UUID MEMORY_ID = UUID.fromString("7a0c8a52-3c1d-4e8e-9a55-0d2f6c1b8e44");

    private static final UUID MESSAGE_ID = UUID.fromString("c3e1f0a9-8b7d-4c6e-a5f4-1e2d3c4b5a69");

    private String tenant;

    private String apiKey;

    private String conversation;

    private OpenAIClient openAi;

    @BeforeEach
    void newTenantAndClient() {
        this.tenant = newId("tenant");
        this.apiKey = newApiKey(this.tenant);
        this.conversation = newId("conv");
        this.openAi = client(this.apiKey, this.conversation);
    }

    @AfterEach
    void closeClient() {
        this.openAi.close();
    }

    @Test
    void sdkCompletionIsTheStoredReplyOfTheLastUserMessage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("my-app-model")
            .addSystemMessage("You are terse.")
            .addUserMessage("An earlier question")
            .addAssistantMessage("An earlier answer")
            .addUserMessage("Where did I park?")
            .maxCompletionTokens(50)
            .temperature(0.2)
            .build();
        CompletableFuture<ChatCompletion> response = CompletableFuture
            .supplyAsync(() -> this.openAi.chat().completions().create(params));

        TurnRequested event = nextTurnRequested(this.conversation).event();
        // Only the new turn is sent on: Skein already holds the history.
        assertThat(event.tenantId()).isEqualTo(this.tenant);
        assertThat(event.message().role()).isEqualTo("user");
        assertThat(event.message().content()).isEqualTo("Where did I park?");
        assertThat(event.stream()).isFalse();
        // passed on to the LLM call: max_completion_tokens as max_tokens
        assertThat(event.sampling()).isEqualTo(new Sampling(50, 0.2, null, null));
        produce(completed(event, "Level 3, row F."));
        ChatCompletion completion = response.join();

        assertThat(completion.id()).isEqualTo("chatcmpl-" + event.turnId());
        assertThat(completion.model()).isEqualTo("my-app-model");
        assertThat(completion.created()).isPositive();
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue("Level 3, row F.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(120);
            assertThat(usage.completionTokens()).isEqualTo(9);
            assertThat(usage.totalTokens()).isEqualTo(129);
        });
        assertThat(completion._additionalProperties().get("skein").toString()).contains(event.turnId().toString())
            .contains(MEMORY_ID.toString())
            .contains("extractive");
    }

    @Test
    void sdkStreamGetsEveryDeltaOnceInOrderAndTheyMakeTheStoredReply() throws Exception {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("my-app-model")
            .addUserMessage("tell me")
            .build();
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
                .completions()
                .createStreaming(params)) {
                stream.stream().forEach(chunks::add);
            }
        });
        TurnRequested event = nextTurnRequested(this.conversation).event();
        assertThat(event.stream()).isTrue();

        // Out of order and redelivered: the SDK must still see 0, 1, 2 once each.
        produce(delta(event, 1, "lo, "));
        produce(delta(event, 0, "Hel"));
        produce(delta(event, 0, "Hel"));
        produce(delta(event, 2, "world"));
        produce(delta(event, 1, "lo, "));
        await().atMost(Duration.ofSeconds(10)).until(() -> contents(chunks).size() == 3);
        // The reply is stored once the stream ended, as the memory-service does.
        produce(completed(event, "Hello, world"));
        reading.join();

        assertThat(contents(chunks)).containsExactly("Hel", "lo, ", "world");
        assertThat(String.join("", contents(chunks))).isEqualTo("Hello, world");
        assertThat(chunks.get(0).choices().get(0).delta().role())
            .hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly("chatcmpl-" + event.turnId());
        assertThat(chunks).extracting(ChatCompletionChunk::model).containsOnly("my-app-model");
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.subList(0, chunks.size() - 1))
            .allSatisfy(chunk -> assertThat(chunk.choices().get(0).finishReason()).isEmpty());
    }

    @Test
    void streamOfAReplyWithoutDeltasStillEndsWithTheWholeReply() {
        List<ChatCompletionChunk> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("m").addUserMessage("hi").build())) {
                stream.stream().forEach(chunks::add);
            }
        });
        TurnRequested event = nextTurnRequested(this.conversation).event();

        produce(completed(event, "Answered without streaming."));
        reading.join();

        assertThat(String.join("", contents(chunks))).isEqualTo("Answered without streaming.");
    }

    @Test
    void problemsSurfaceAsSdkExceptions() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("m")
            .addUserMessage("hi")
            .build();
        OpenAIClient noConversation = client(this.apiKey, null);
        OpenAIClient wrongKey = client("sk-skein-unknown", this.conversation);
        try {
            assertThatExceptionOfType(BadRequestException.class)
                .isThrownBy(() -> noConversation.chat().completions().create(params))
                .satisfies(ex -> {
                    assertThat(ex.statusCode()).isEqualTo(400);
                    assertThat(ex.type()).hasValue("invalid_request_error");
                    assertThat(ex.param()).hasValue("X-Conversation-Id");
                    assertThat(ex.code()).hasValue("validation");
                });
            assertThatExceptionOfType(UnauthorizedException.class)
                .isThrownBy(() -> wrongKey.chat().completions().create(params))
                .satisfies(ex -> assertThat(ex.code()).hasValue("invalid_api_key"));
        }
        finally {
            noConversation.close();
            wrongKey.close();
        }

        CompletableFuture<ChatCompletion> failing = CompletableFuture
            .supplyAsync(() -> this.openAi.chat().completions().create(params));
        produce(failed(nextTurnRequested(this.conversation).event()));
        assertThat(failing).failsWithin(Duration.ofSeconds(10))
            .withThrowableThat()
            .havingRootCause()
            .isInstanceOf(InternalServerException.class);
    }

    @Test
    void failureDuringAStreamIsAnSdkException() {
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("m").addUserMessage("hi").build())) {
                stream.stream().forEach(chunk -> {
                });
            }
        });
        TurnRequested event = nextTurnRequested(this.conversation).event();

        produce(failed(event));

        assertThat(reading).failsWithin(Duration.ofSeconds(10))
            .withThrowableThat()
            .havingRootCause()
            .isInstanceOf(SseException.class);
    }

    @Test
    void userFieldNamesTheConversationAndTheJsonHasOpenAisShape() {
        CompletableFuture<HttpResponse<String>> response = postAsync("/v1/chat/completions", this.apiKey, """
                {"model":"gpt-4o-mini","user":"%s","max_tokens":10,
                 "messages":[{"role":"user","name":"Ann","content":[{"type":"text","text":"Where"},
                                                                 {"type":"text","text":"did I park?"}]}]}
                """.formatted(this.conversation));
        TurnRequested event = nextTurnRequested(this.conversation).event();
        assertThat(event.sampling()).isEqualTo(new Sampling(10, null, null, this.conversation));
        assertThat(event.message().content()).isEqualTo("Where\ndid I park?");
        assertThat(event.message().speaker()).isEqualTo("Ann");

        produce(completed(event, "Level 3, row F."));
        HttpResponse<String> answer = response.join();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = body(answer);
        long created = body.path("created").asLong();
        assertThat(created).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(body).isEqualTo(json.readTree("""
                {"id":"chatcmpl-%s","object":"chat.completion","created":%d,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Level 3, row F.","refusal":null},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129},
                 "skein":{"turnId":"%s","messageId":"%s","sequence":8,"generatedBy":"extractive",
                          "evidence":[{"memoryId":"%s","text":"Ann: I parked on level 3, row F.","score":0.82,
                                       "kind":"turn","externalIds":["m-1"],"createdAt":"2024-04-30T08:15:00Z",
                                       "conversationId":"%s"}]}}
                """.formatted(event.turnId(), created, event.turnId(), MESSAGE_ID, MEMORY_ID, event.conversationId())));
    }

    @Test
    void modelsAreListedInOpenAisShape() {
        assertThat(this.openAi.models().list().data()).extracting(Model::id).containsExactly("skein");
        JsonNode list = body(get("/v1/models", this.apiKey));
        assertThat(list).isEqualTo(json.readTree("""
                {"object":"list","data":[{"id":"skein","object":"model","created":0,"owned_by":"skein"}]}"""));
        HttpResponse<String> unknown = get("/v1/models/gpt-unknown", this.apiKey);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).path("error").path("type").asString()).isEqualTo("not_found_error");
    }

    @Test
    void streamedLinesAreDataSpaceJsonAndEndWithDataSpaceDone() {
        CompletableFuture<HttpResponse<String>> response = postAsync("/v1/chat/completions", this.apiKey, """
                {"model":"m","stream":true,"user":"%s","messages":[{"role":"user","content":"hi"}]}
                """.formatted(this.conversation));
        TurnRequested event = nextTurnRequested(this.conversation).event();
        produce(delta(event, 0, "Level 3"));
        produce(completed(event, "Level 3, row F."));

        String body = response.join().body();

        List<String> lines = body.lines().filter(line -> !line.isEmpty()).toList();
        assertThat(lines).hasSizeGreaterThan(2).allSatisfy(line -> assertThat(line).startsWith("data: "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(json.readTree(lines.get(0).substring("data: ".length())).path("object").asString())
            .isEqualTo("chat.completion.chunk");
    }

    @Test
    void errorsOnTheOpenAiPathsAreOpenAisShapeAndElsewhereStayProblems() {
        HttpResponse<String> bad = post("/v1/chat/completions", this.apiKey, """
                {"model":"m","user":"%s","temperature":3,"stop":["a","b","c","d","e"],
                 "messages":[{"role":"user","content":"hi"}]}
                """.formatted(this.conversation));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode error = body(bad).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("validation");
        assertThat(error.path("param").asString()).isEqualTo("temperature");
        assertThat(error.path("message").asString()).contains("temperature").contains("stop");

        HttpResponse<String> noKey = send(request("/v1/models", null).GET().build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(body(noKey).path("error").path("type").asString()).isEqualTo("authentication_error");

        assertProblem(get("/v1/conversations?limit=0", this.apiKey), 400, "validation");
    }

    @Test
    void badRequestsNameTheirFields() {
        JsonNode problem = assertOpenAiError400(post("/v1/chat/completions", this.apiKey, """
                {"model":"m","user":"%s","messages":[{"role":"user","content":"hi"},
                                                      {"role":"assistant","content":" "}]}
                """.formatted(this.conversation)));
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("messages[1].role", "messages[1].content");

        problem = assertOpenAiError400(
                send(request("/v1/chat/completions", this.apiKey).header("Content-Type", "application/json")
                    .header("X-Conversation-Id", "bad id!")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
                    .build()));
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("X-Conversation-Id", "messages");

        problem = assertOpenAiError400(post("/v1/chat/completions", this.apiKey, """
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}
                """));
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("X-Conversation-Id", "messages[0].content");
    }

    private static JsonNode assertOpenAiError400(HttpResponse<String> response) {
        JsonNode error = assertOpenAiError(response, 400, "validation");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asString()).isNotBlank();
        return error;
    }

    private OpenAIClient client(String key, String conversationId) {
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + this.port + "/v1")
            .apiKey(key)
            // A 503 must reach the test, not be retried.
            .maxRetries(0);
        if (conversationId != null) {
            builder.putHeader("X-Conversation-Id", conversationId);
        }
        return builder.build();
    }

    private static List<String> contents(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
            .flatMap(chunk -> chunk.choices().stream())
            .flatMap(choice -> choice.delta().content().stream())
            .filter(text -> !text.isEmpty())
            .collect(Collectors.toList());
    }

    private static ReplyDelta delta(TurnRequested event, int index, String text) {
        return new ReplyDelta(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), index, text);
    }

    private static TurnFailed failed(TurnRequested event) {
        return new TurnFailed(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), "generation", "The language model is unavailable.");
    }

    private static TurnCompleted completed(TurnRequested event, String content) {
        Evidence evidence = new Evidence(MEMORY_ID, "turn", "Ann", "Ann: I parked on level 3, row F.", 0.82,
                List.of("m-1"), List.of(UUID.randomUUID()), 1, 1, Instant.parse("2024-04-30T08:15:00Z"));
        return new TurnCompleted(UUID.randomUUID(), Instant.now(), event.tenantId(), event.conversationId(),
                event.turnId(), MESSAGE_ID, 8, content, "extractive", List.of(evidence), new Usage(120, 9, 40, 900), 0);
    }

}
