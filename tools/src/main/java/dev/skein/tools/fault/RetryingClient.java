package dev.skein.tools.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that retries as the README tells one to: on a dropped or refused connection, a
 * 502/503/504 or a 429 it sends the same request again (same externalIds, same
 * {@code Idempotency-Key}), after {@code Retry-After} when given, until it gets an answer
 * or the deadline passes. Any other answer is returned as it is.
 */
final class RetryingClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String baseUrl;

    private final String apiKey;

    /** Attempts that failed and were sent again. */
    final AtomicLong retries = new AtomicLong();

    /** Answers outside the documented retry set (500 and other 5xx), sent again too. */
    final AtomicLong unexpected = new AtomicLong();

    RetryingClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    record Answer(int status, JsonNode body) {

        boolean ok() {
            return this.status >= 200 && this.status < 300;
        }

    }

    /**
     * @return the first answer that is not retried, or null when the deadline passed
     */
    Answer post(String path, String body, Map<String, String> headers, long deadlineNanos) {
        return send("POST", path, body, headers, deadlineNanos);
    }

    Answer get(String path, long deadlineNanos) {
        return send("GET", path, null, Map.of(), deadlineNanos);
    }

    private Answer send(String method, String path, String body, Map<String, String> headers, long deadlineNanos) {
        long backoff = 250;
        while (System.nanoTime() < deadlineNanos) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
                // longer than the gateway's turn timeout (60 s): its 504 is the answer to
                // wait for
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + this.apiKey)
                .method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            long wait = backoff;
            try {
                HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 500 && status != 429) {
                    JsonNode json = response.body().isEmpty() ? JSON.createObjectNode()
                            : JSON.readTree(response.body());
                    return new Answer(status, json);
                }
                if (status != 502 && status != 503 && status != 504 && status != 429) {
                    this.unexpected.incrementAndGet();
                }
                wait = response.headers()
                    .firstValue("Retry-After")
                    .map(RetryingClient::seconds)
                    .map(seconds -> seconds * 1000)
                    .orElse(backoff);
            }
            catch (IOException ex) {
                // refused, reset or timed out: the service is down or restarting
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
            this.retries.incrementAndGet();
            sleep(wait);
            backoff = Math.min(backoff * 2, 2000);
        }
        return null;
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        }
        catch (NumberFormatException ex) {
            return 1;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
