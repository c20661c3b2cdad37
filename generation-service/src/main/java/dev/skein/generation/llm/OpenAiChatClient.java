package dev.skein.generation.llm;

import dev.skein.contracts.Sampling;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.skein.contracts.TokenLogprob;
import dev.skein.generation.prompt.ChatMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the OpenAI chat-completions API as Ollama, vLLM, llama.cpp's server and
 * OpenAI itself implement it: {@code POST {base}/chat/completions}. One call, one
 * timeout, no retries: resilience (retries, circuit breaker, other providers) wraps this
 * class rather than living in it.
 */
public class OpenAiChatClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;

    private final URI endpoint;

    private final String apiKey;

    private final String model;

    private final Duration timeout;

    public OpenAiChatClient(String baseUrl, String apiKey, String model, Duration timeout) {
        String base = baseUrl.strip();
        this.endpoint = URI
            .create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.model = model;
        this.timeout = timeout;
        // HTTP/1.1: the JDK's cleartext HTTP/2 upgrade attempt confuses some local model
        // servers.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public String model() {
        return this.model;
    }

    /** The provider's host, as {@code generatedBy} names it. */
    public String host() {
        return this.endpoint.getHost();
    }

    /** The whole reply in one response. */
    public ChatCompletion complete(List<ChatMessage> messages) {
        return complete(messages, false, this.timeout);
    }

    /**
     * The whole reply in one response.
     * @param logprobs ask for the reply tokens' log-probabilities
     * @param timeout of this call, at most the client's own timeout
     */
    public ChatCompletion complete(List<ChatMessage> messages, boolean logprobs, Duration timeout) {
        return complete(messages, logprobs, timeout, null);
    }

    /**
     * {@link #complete(List, boolean, Duration)} with the client's sampling options
     * ({@code max_tokens}, {@code temperature}, {@code stop}, {@code user}), or null.
     */
    public ChatCompletion complete(List<ChatMessage> messages, boolean logprobs, Duration timeout,
            @Nullable Sampling sampling) {
        Duration limit = shorter(timeout);
        long deadline = System.nanoTime() + limit.toNanos();
        CompletableFuture<HttpResponse<String>> call = this.http
            .sendAsync(request(messages, false, logprobs, limit, sampling), BodyHandlers.ofString());
        HttpResponse<String> response = await(call, deadline, limit, () -> call.cancel(true));
        if (response.statusCode() / 100 != 2) {
            throw LlmCallFailed.status(response.statusCode(), response.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        }
        catch (JacksonException ex) {
            throw new LlmCallFailed("malformed response from the LLM", ex);
        }
        JsonNode content = body.path("choices").path(0).path("message").path("content");
        if (!content.isString() || content.stringValue().isBlank()) {
            throw new LlmCallFailed("the LLM returned an empty reply");
        }
        JsonNode usage = body.path("usage");
        List<TokenLogprob> tokens = new ArrayList<>();
        ChatStreamParser.addLogprobs(body.path("choices").path(0), tokens);
        return new ChatCompletion(content.stringValue(), ChatStreamParser.intOrNull(usage.path("prompt_tokens")),
                ChatStreamParser.intOrNull(usage.path("completion_tokens")), List.copyOf(tokens));
    }

    /**
     * Streams the reply: {@code onDelta} gets each piece as it arrives, on an HTTP client
     * thread, one at a time. Once this method returned or threw, {@code onDelta} is not
     * called again.
     */
    public ChatCompletion stream(List<ChatMessage> messages, Consumer<String> onDelta) {
        return stream(messages, false, this.timeout, onDelta);
    }

    /**
     * {@link #stream(List, Consumer)} with the options of
     * {@link #complete(List, boolean, Duration)}.
     */
    public ChatCompletion stream(List<ChatMessage> messages, boolean logprobs, Duration timeout,
            Consumer<String> onDelta) {
        return stream(messages, logprobs, timeout, null, onDelta);
    }

    /**
     * {@link #stream(List, boolean, Duration, Consumer)} with sampling options, or null.
     */
    public ChatCompletion stream(List<ChatMessage> messages, boolean logprobs, Duration timeout,
            @Nullable Sampling sampling, Consumer<String> onDelta) {
        Duration limit = shorter(timeout);
        long deadline = System.nanoTime() + limit.toNanos();
        LineSubscriber lines = new LineSubscriber(new ChatStreamParser(onDelta));
        CompletableFuture<HttpResponse<Void>> call = this.http.sendAsync(
                request(messages, true, logprobs, limit, sampling),
                info -> info.statusCode() / 100 == 2 ? BodySubscribers.fromLineSubscriber(lines) : failure(info));
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                lines.finished.completeExceptionally(failure);
            }
        });
        Runnable abandon = () -> {
            lines.cancel();
            call.cancel(true);
        };
        try {
            await(lines.finished, deadline, limit, abandon);
        }
        catch (LlmCallFailed ex) {
            abandon.run(); // a broken stream must not keep its connection or send more
                           // pieces
            throw ex;
        }
        ChatCompletion completion = lines.completion();
        if (completion.content().isBlank()) {
            throw new LlmCallFailed("the LLM returned an empty reply");
        }
        return completion;
    }

    private static void putIfPresent(Map<String, Object> body, String name, @Nullable Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    private Duration shorter(Duration timeout) {
        return timeout == null || timeout.compareTo(this.timeout) > 0 ? this.timeout : timeout;
    }

    private HttpRequest request(List<ChatMessage> messages, boolean stream, boolean logprobs, Duration timeout,
            @Nullable Sampling sampling) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", this.model);
        body.put("messages", messages);
        body.put("stream", stream);
        if (logprobs) {
            body.put("logprobs", true);
        }
        if (sampling != null) {
            // max_tokens, which every OpenAI-compatible server reads
            // (max_completion_tokens
            // is OpenAI's newer name for it and is sent to Skein as either)
            putIfPresent(body, "max_tokens", sampling.maxTokens());
            putIfPresent(body, "temperature", sampling.temperature());
            if (sampling.stop() != null && !sampling.stop().isEmpty()) {
                body.put("stop", sampling.stop());
            }
            putIfPresent(body, "user", sampling.user());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
            .timeout(timeout.plusSeconds(1)) // a backstop: await() gives up first
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (this.apiKey != null) {
            request.header("Authorization", "Bearer " + this.apiKey);
        }
        return request.build();
    }

    /**
     * An error status: read the (small) body, which may say why (e.g. "logprobs not
     * supported"), and fail.
     */
    private static BodySubscriber<Void> failure(HttpResponse.ResponseInfo info) {
        return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
            throw LlmCallFailed.status(info.statusCode(), body);
        });
    }

    private <T> T await(CompletableFuture<T> future, long deadline, Duration limit, Runnable abandon) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            abandon.run();
            throw LlmCallFailed.timeout("the LLM did not answer within " + seconds(limit), null);
        }
        catch (InterruptedException ex) {
            abandon.run();
            Thread.currentThread().interrupt();
            throw new LlmCallFailed("interrupted", ex);
        }
        catch (ExecutionException ex) {
            throw translate(ex.getCause());
        }
    }

    private LlmCallFailed translate(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof LlmCallFailed known) {
            return known;
        }
        if (failure instanceof HttpConnectTimeoutException || failure instanceof HttpTimeoutException) {
            return LlmCallFailed.timeout("the LLM did not answer within " + seconds(this.timeout), failure);
        }
        if (failure instanceof ConnectException) {
            return new LlmCallFailed("the LLM endpoint refused the connection", failure);
        }
        if (failure instanceof IOException) {
            return new LlmCallFailed("I/O error talking to the LLM", failure);
        }
        return new LlmCallFailed("the LLM call failed", failure);
    }

    /** "5s", or "1.5s" for a deadline's remainder: the text ends up in generatedBy. */
    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s"
                : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /**
     * Feeds the body's lines to the parser and completes {@link #finished} at
     * {@code [DONE]}, without waiting for the connection to close. Synchronized so that
     * after {@link #cancel()} no piece reaches the caller any more.
     */
    private static final class LineSubscriber implements Flow.Subscriber<String> {

        final CompletableFuture<Void> finished = new CompletableFuture<>();

        private final ChatStreamParser parser;

        private Flow.Subscription subscription;

        private boolean cancelled;

        LineSubscriber(ChatStreamParser parser) {
            this.parser = parser;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            if (this.cancelled) {
                subscription.cancel();
                return;
            }
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(String line) {
            if (this.cancelled || this.finished.isDone()) {
                return;
            }
            try {
                this.parser.accept(line);
                if (this.parser.done()) {
                    this.finished.complete(null);
                }
            }
            catch (RuntimeException ex) {
                this.finished.completeExceptionally(ex);
                this.subscription.cancel();
            }
        }

        @Override
        public synchronized void onError(Throwable failure) {
            this.finished.completeExceptionally(failure);
        }

        @Override
        public synchronized void onComplete() {
            if (this.cancelled || this.finished.isDone()) {
                return;
            }
            try {
                this.parser.endOfBody();
                if (this.parser.complete()) {
                    this.finished.complete(null);
                }
                else {
                    this.finished.completeExceptionally(new LlmCallFailed("the LLM stream ended early"));
                }
            }
            catch (RuntimeException ex) {
                this.finished.completeExceptionally(ex);
            }
        }

        synchronized void cancel() {
            this.cancelled = true;
            if (this.subscription != null) {
                this.subscription.cancel();
            }
        }

        synchronized ChatCompletion completion() {
            return this.parser.completion();
        }

    }

}
