package dev.skein.e2e;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAI-compatible API used exactly as an OpenAI app uses it: through the official
 * {@code openai-java} SDK with only the base URL changed, and read line by line as raw
 * server-sent events.
 */
class OpenAiCompatIT {

    private final SkeinClient skein = SkeinStack.get().newTenant();

    private OpenAIClient sdk(String conversation) {
        return OpenAIOkHttpClient.builder()
            .baseUrl(SkeinStack.get().gatewayUrl() + "/v1")
            .apiKey(this.skein.apiKey())
            .putHeader("X-Conversation-Id", conversation)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(60))
            .build();
    }

    @Test
    void theSdkListsTheSkeinModel() {
        List<Model> models = sdk("models").models().list().data();

        assertThat(models).extracting(Model::id).contains("skein");
        Response raw = this.skein.get("/v1/models");
        assertThat(raw.json().path("object").asString()).isEqualTo("list");
        assertThat(raw.json().path("data").get(0).path("object").asString()).isEqualTo("model");
    }

    @Test
    void theSdkGetsACompletionAndAStreamedOneWithMaxTokensAndTemperatureAccepted() {
        String conversation = "sdk-" + UUID.randomUUID();
        OpenAIClient client = sdk(conversation);
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("skein")
            .addUserMessage("My sister Ana lives in Porto and loves sailing.")
            .maxTokens(64)
            .temperature(0.2)
            .stop("END")
            .build();

        ChatCompletion completion = client.chat().completions().create(params);

        assertThat(completion.choices()).hasSize(1);
        String content = completion.choices().get(0).message().content().orElseThrow();
        assertThat(content).containsIgnoringCase("no LLM");
        assertThat(completion.model()).isEqualTo("skein");

        ChatCompletionCreateParams next = ChatCompletionCreateParams.builder()
            .model("skein")
            .addUserMessage("Where does my sister live?")
            .maxCompletionTokens(64)
            .build();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(next)) {
            stream.stream()
                .forEach(chunk -> chunk.choices()
                    .forEach(choice -> choice.delta().content().ifPresent(streamed::append)));
        }
        assertThat(streamed.toString()).contains("Porto");
        JsonNode transcript = this.skein.get("/v1/conversations/" + conversation + "/messages").json();
        assertThat(transcript.path("messages").get(3).path("content").asString()).isEqualTo(streamed.toString());
    }

    @Test
    void theSdkParsesSkeinsErrorsAsOpenAiErrors() {
        OpenAIClient client = sdk("errors-" + UUID.randomUUID());
        ChatCompletionCreateParams assistantLast = ChatCompletionCreateParams.builder()
            .model("skein")
            .addAssistantMessage("I am not the new turn")
            .build();

        assertThatThrownBy(() -> client.chat().completions().create(assistantLast))
            .isInstanceOfSatisfying(BadRequestException.class, ex -> {
                assertThat(ex.statusCode()).isEqualTo(400);
                assertThat(ex.type()).contains("invalid_request_error");
                assertThat(ex.param()).contains("messages[0].role");
                assertThat(ex.code()).contains("validation");
                assertThat(ex.getMessage()).contains("must be user");
            });

        OpenAIClient badKey = OpenAIOkHttpClient.builder()
            .baseUrl(SkeinStack.get().gatewayUrl() + "/v1")
            .apiKey("sk-skein-not-a-key")
            .maxRetries(0)
            .build();
        assertThatThrownBy(() -> badKey.models().list()).isInstanceOfSatisfying(UnauthorizedException.class,
                ex -> assertThat(ex.code()).contains("invalid_api_key"));

        // everything else stays RFC 9457
        Response problem = this.skein.get("/v1/conversations?limit=0");
        assertThat(problem.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void streamedLinesAreFramedDataSpaceAndEndWithDone() throws Exception {
        String conversation = "raw-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(URI.create(SkeinStack.get().gatewayUrl() + "/v1/chat/completions"))
            .header("Authorization", "Bearer " + this.skein.apiKey())
            .header("Content-Type", "application/json")
            .header("X-Conversation-Id", conversation)
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"skein\",\"stream\":true,\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"Tell me what you remember about me.\"}]}"))
            .build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                assertThat(line).as("every non-empty line is a data line").startsWith("data: ");
                data.add(line.substring("data: ".length()));
            }
        }
        assertThat(data).hasSizeGreaterThan(2);
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        for (String json : data.subList(0, data.size() - 1)) {
            assertThat(SkeinClient.JSON.readTree(json).path("object").asString()).isEqualTo("chat.completion.chunk");
        }
    }

}
