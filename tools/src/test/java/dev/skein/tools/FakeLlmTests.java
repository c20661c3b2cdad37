package dev.skein.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FakeLlmTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersAtOnceAndSaysNoModelWroteIt() throws Exception {
        int port = new FakeLlm(Map.of("port", "0")).run();

        JsonNode answer = SkeinApi.JSON.readTree(post(port, "{\"model\":\"m\",\"messages\":[]}"));
        String streamed = post(port, "{\"model\":\"m\",\"stream\":true,\"messages\":[]}");

        String content = answer.at("/choices/0/message/content").asString();
        assertThat(content).contains("no model wrote this");
        StringBuilder pieces = new StringBuilder();
        for (String line : streamed.split("\n")) {
            if (line.startsWith("data: {")) {
                pieces.append(SkeinApi.JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asString(""));
            }
        }
        assertThat(pieces.toString()).isEqualTo(content);
        assertThat(streamed).endsWith("data: [DONE]\n\n");
    }

    private String post(int port, String body) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
