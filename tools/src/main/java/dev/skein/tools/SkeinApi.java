package dev.skein.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API of a running stack, as any client sees it. */
final class SkeinApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1: no h2c upgrade attempt on the first request of each connection
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String baseUrl;

    private final String apiKey;

    SkeinApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    JsonNode post(String path, Object body) {
        return call("POST", path, JSON.writeValueAsString(body), Map.of());
    }

    JsonNode post(String path, Object body, Map<String, String> headers) {
        return call("POST", path, JSON.writeValueAsString(body), headers);
    }

    /**
     * POSTs with {@code Accept: text/event-stream} and reads the SSE answer line by line.
     * @param firstPiece which line carries the first piece of the reply
     * @return nanoTime of the first such line (0 when none came) and of the end of the
     * stream
     */
    long[] postStream(String path, Object body, Map<String, String> headers, Predicate<String> firstPiece) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + this.apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        try {
            HttpResponse<Stream<String>> response = this.http.send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode());
            }
            long[] first = { 0 };
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (first[0] == 0 && firstPiece.test(line)) {
                        first[0] = System.nanoTime();
                    }
                });
            }
            return new long[] { first[0], System.nanoTime() };
        }
        catch (IOException ex) {
            throw new IllegalStateException("POST " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * POSTs without a key: the status the gateway's key filter answers with (401), the
     * cheapest request it has.
     */
    int postWithoutKey(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofMinutes(1))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        try {
            return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            throw new IllegalStateException("POST " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A POST whose refusal is an answer, not an exception (load tests count them).
     * @return the status, the body (empty when it is not JSON) and the Retry-After
     * header, or null
     */
    Answer exchange(String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + this.apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
        try {
            HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            catch (RuntimeException ex) {
                json = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), json, response.headers().firstValue("Retry-After").orElse(null));
        }
        catch (IOException ex) {
            throw new IllegalStateException("POST " + path + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** What {@link #exchange} got back. */
    record Answer(int status, JsonNode body, String retryAfter) {
    }

    JsonNode get(String path) {
        return call("GET", path, null, Map.of());
    }

    void delete(String path) {
        call("DELETE", path, null, Map.of());
    }

    private JsonNode call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofMinutes(5))
            .header("Authorization", "Bearer " + this.apiKey)
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
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
