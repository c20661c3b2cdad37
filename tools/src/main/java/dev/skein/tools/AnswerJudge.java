package dev.skein.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The LLM judge of the QA evaluation (the "J" score memory systems publish): an
 * OpenAI-compatible model is shown the question, the gold answer and the generated
 * answer, and labels the generated one CORRECT or WRONG. It grades generously, as the
 * published judges do: the same fact in other words, a date in another format or a longer
 * answer that contains the gold one is correct.
 */
final class AnswerJudge {

    /** What the judge said; {@code UNCLEAR} when its reply holds neither label. */
    enum Verdict {

        CORRECT, WRONG, UNCLEAR

    }

    static final String INSTRUCTIONS = """
            You grade answers to questions about a long conversation between two people.
            Label the generated answer CORRECT if it states the gold answer or something with the \
            same meaning: other words, a date in another format, or a longer answer that contains it. \
            Label it WRONG if it misses the gold answer, contradicts it or says it does not know.
            Reply with one word: CORRECT or WRONG.""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    private final String model;

    private final String apiKey;

    /**
     * @param baseUrl an OpenAI-compatible base URL, with {@code /v1}
     * @param apiKey null or blank when the endpoint needs none
     */
    AnswerJudge(String baseUrl, String model, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.model = model;
        this.apiKey = apiKey;
    }

    String model() {
        return this.model;
    }

    Verdict judge(String question, String gold, String answer) {
        String prompt = "Question: " + question + "\nGold answer: " + gold + "\nGenerated answer: " + answer;
        Map<String, Object> body = Map.of("model", this.model, "temperature", 0, "max_tokens", 5, "messages",
                List.of(Map.of("role", "system", "content", INSTRUCTIONS), Map.of("role", "user", "content", prompt)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/chat/completions"))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SkeinApi.JSON.writeValueAsString(body)));
        if (this.apiKey != null && !this.apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + this.apiKey);
        }
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("the judge answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode reply = SkeinApi.JSON.readTree(response.body());
            return verdict(reply.at("/choices/0/message/content").asString(""));
        }
        catch (IOException ex) {
            throw new IllegalStateException("the judge at " + this.baseUrl + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** WRONG is looked for first: "INCORRECT" contains "CORRECT". */
    static Verdict verdict(String reply) {
        String text = reply.toUpperCase(Locale.ROOT);
        if (text.contains("WRONG") || text.contains("INCORRECT")) {
            return Verdict.WRONG;
        }
        return text.contains("CORRECT") ? Verdict.CORRECT : Verdict.UNCLEAR;
    }

}
