package dev.skein.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A user of the public API: nothing but HTTP calls to the gateway. */
final class SkeinClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    private final String apiKey;

    SkeinClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    String apiKey() {
        return this.apiKey;
    }

    SkeinClient withKey(String key) {
        return new SkeinClient(this.baseUrl, key);
    }

    /** Uses this client's token as the admin token. */
    String createApiKey(String tenant) {
        Response response = send("POST", "/admin/tenants/" + tenant + "/api-keys", "{\"name\":\"e2e\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("Cannot create an API key: " + response);
        }
        return response.json().path("apiKey").asString();
    }

    Response say(String conversation, String content) {
        return post("/v1/conversations/" + conversation + "/messages",
                JSON.createObjectNode().put("role", "user").put("content", content).toString());
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** A POST with extra headers, e.g. {@code Idempotency-Key}. */
    Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    Response send(String method, String path, String body) {
        return send(method, path, body, Map.of());
    }

    Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofSeconds(90))
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (this.apiKey != null) {
            request.header("Authorization", "Bearer " + this.apiKey);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        }
        catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Reads a Server-Sent Events answer whole: the list of (event, data) pairs. */
    List<ServerSentEvent> stream(String path, String body) {
        return stream(path, body, Map.of());
    }

    List<ServerSentEvent> stream(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + this.apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            List<ServerSentEvent> events = new ArrayList<>();
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                }
                else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                }
                else if (line.isEmpty() && data.length() > 0) {
                    events.add(new ServerSentEvent(event, data.toString()));
                    event = "message";
                    data.setLength(0);
                }
            }
            return events;
        }
        catch (IOException ex) {
            throw new IllegalStateException("POST " + path + " (stream) failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    record Response(int status, String contentType, String body, HttpHeaders headers) {

        JsonNode json() {
            return JSON.readTree(this.body);
        }

        String header(String name) {
            return this.headers.firstValue(name).orElse(null);
        }
    }

    record ServerSentEvent(String event, String data) {

        JsonNode json() {
            return JSON.readTree(this.data);
        }
    }

}
