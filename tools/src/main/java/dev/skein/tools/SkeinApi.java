package dev.skein.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API of a running stack, as any client sees it. */
final class SkeinApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    private final String apiKey;

    SkeinApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    JsonNode post(String path, Object body) {
        return call("POST", path, JSON.writeValueAsString(body));
    }

    /**
     * POSTs with {@code Accept: text/event-stream} and reads the SSE answer line by line.
     *
     * @return nanoTime of the first {@code event:delta} line (0 when none came) and of the end
     */
    long[] postStream(String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + this.apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = this.http.send(request,
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode());
            }
            long[] firstDelta = { 0 };
            try (java.util.stream.Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (firstDelta[0] == 0 && line.replace(" ", "").equals("event:delta")) {
                        firstDelta[0] = System.nanoTime();
                    }
                });
            }
            return new long[] { firstDelta[0], System.nanoTime() };
        }
        catch (IOException ex) {
            throw new IllegalStateException("POST " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    void delete(String path) {
        call("DELETE", path, null);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + this.apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
        catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
