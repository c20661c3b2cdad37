package dev.skein.generation.llm;

import dev.skein.contracts.Sampling;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.skein.generation.GenerationProperties;
import dev.skein.generation.prompt.ChatMessage;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured LLM providers, tried in order. Each has its own resilience: a bulkhead
 * (at most {@code maxConcurrent} calls in flight, more skip to the next provider at
 * once), retries with exponential backoff on 429, 5xx, timeouts and broken connections
 * (never on another 4xx), and a circuit breaker that, once a provider keeps failing,
 * skips it without a call until it has had time to recover. Every call gets at most the
 * time left until the turn's deadline.
 * <p>
 * Plain resilience4j objects rather than its Spring Boot auto-configuration: one instance
 * of each per provider, built from {@code skein.generation.llm}, nothing to discover.
 */
public class LlmProviders {

    private static final Logger log = LoggerFactory.getLogger(LlmProviders.class);

    private final List<Provider> providers;

    private final Duration deadline;

    private final MeterRegistry meters;

    /**
     * @param meters {@code skein.llm.calls} by provider and outcome, and each provider's
     * breaker state ({@code resilience4j.circuitbreaker.state}, named by provider)
     */
    LlmProviders(List<OpenAiChatClient> clients, List<Boolean> supportsLogprobs, GenerationProperties.Llm settings,
            MeterRegistry meters) {
        this.meters = meters;
        GenerationProperties.Resilience resilience = settings.resilience();
        this.deadline = settings.deadline();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        List<Provider> built = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            built.add(new Provider(i, clients.get(i), supportsLogprobs.get(i), resilience, breakers));
        }
        this.providers = List.copyOf(built);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    }

    /** The deadline of a turn starting now, as {@link System#nanoTime()}. */
    public long deadlineFromNow() {
        return System.nanoTime() + this.deadline.toNanos();
    }

    /** "llm:model@host" of the first provider, the one that answers when all is well. */
    public String primary() {
        return this.providers.get(0).label;
    }

    /**
     * The whole reply from the first provider that gives one.
     * @param logprobs ask for logprobs from the providers that support them
     * @throws ProvidersFailed when none did before the deadline
     */
    public LlmAnswer complete(List<ChatMessage> messages, boolean logprobs, long deadline) {
        return complete(messages, logprobs, deadline, null);
    }

    /**
     * {@link #complete(List, boolean, long)} with the client's sampling options, or null.
     */
    public LlmAnswer complete(List<ChatMessage> messages, boolean logprobs, long deadline,
            @Nullable Sampling sampling) {
        return call(deadline, null,
                (provider, timeout, ask) -> provider.client.complete(messages, ask && logprobs, timeout, sampling));
    }

    /**
     * Streams the reply from the first provider that gives one; {@code onDelta} as in
     * {@link OpenAiChatClient#stream}. Once a provider streamed a piece, a failure ends
     * the chain: no retry, no next provider (its pieces would follow the ones already
     * sent).
     */
    public LlmAnswer stream(List<ChatMessage> messages, long deadline, Consumer<String> onDelta) {
        return stream(messages, deadline, null, onDelta);
    }

    /**
     * {@link #stream(List, long, Consumer)} with the client's sampling options, or null.
     */
    public LlmAnswer stream(List<ChatMessage> messages, long deadline, @Nullable Sampling sampling,
            Consumer<String> onDelta) {
        AtomicBoolean streamed = new AtomicBoolean();
        Consumer<String> tracked = piece -> {
            streamed.set(true);
            onDelta.accept(piece);
        };
        return call(deadline, streamed,
                (provider, timeout, ask) -> provider.client.stream(messages, ask, timeout, sampling, tracked));
    }

    /**
     * Closes every breaker and asks for logprobs again, e.g. after a provider was fixed
     * (and between tests).
     */
    public void reset() {
        for (Provider provider : this.providers) {
            provider.breaker.reset();
            provider.logprobs.set(provider.logprobsConfigured);
        }
    }

    /** State of each provider's circuit breaker, in order: CLOSED, OPEN, HALF_OPEN… */
    public List<String> breakerStates() {
        return this.providers.stream().map(provider -> provider.breaker.getState().name()).toList();
    }

    private LlmAnswer call(long deadline, AtomicBoolean streamed, Call call) {
        Set<String> reasons = new LinkedHashSet<>();
        RuntimeException last = null;
        for (Provider provider : this.providers) {
            if (deadline - System.nanoTime() <= 0) {
                reasons.add("no time left before the turn's deadline");
                break;
            }
            long started = System.nanoTime();
            try {
                LlmAnswer answer = new LlmAnswer(provider.call(call, deadline, streamed), provider.label);
                called(provider, "success", started);
                return answer;
            }
            catch (CallNotPermittedException ex) {
                called(provider, "breaker-open", started);
                reasons.add("circuit breaker open");
                last = ex;
            }
            catch (BulkheadFullException ex) {
                called(provider, "bulkhead-full", started);
                reasons.add("too many calls in flight");
                last = ex;
            }
            catch (LlmCallFailed ex) {
                called(provider, "failure", started);
                reasons.add(ex.getMessage());
                last = ex;
                if (streamed != null && streamed.get()) {
                    throw new ProvidersFailed(ex.getMessage(), provider.label, ex);
                }
            }
            if (this.providers.size() > 1) {
                log.warn("LLM provider {} failed ({}), trying the next one", provider.label, reasons);
            }
        }
        throw new ProvidersFailed(String.join("; ", reasons), null, last);
    }

    /**
     * One request to one provider, its retries included; the provider is a configured
     * model and host, so the tag stays low-cardinality.
     */
    private void called(Provider provider, String outcome, long started) {
        Timer.builder("skein.llm.calls")
            .description("Requests to an LLM provider (retries included), by provider and outcome")
            .tag("provider", provider.label)
            .tag("outcome", outcome)
            .register(this.meters)
            .record(Duration.ofNanos(System.nanoTime() - started));
    }

    @FunctionalInterface
    private interface Call {

        ChatCompletion call(Provider provider, Duration timeout, boolean logprobs);

    }

    private static final class Provider {

        final OpenAiChatClient client;

        final String label;

        final boolean logprobsConfigured;

        /** Cleared for good when the provider rejects logprobs. */
        final AtomicBoolean logprobs;

        final CircuitBreaker breaker;

        final Retry retry;

        final Bulkhead bulkhead;

        Provider(int index, OpenAiChatClient client, boolean supportsLogprobs, GenerationProperties.Resilience settings,
                CircuitBreakerRegistry breakers) {
            this.client = client;
            this.label = "llm:" + client.model() + "@" + client.host();
            this.logprobsConfigured = supportsLogprobs;
            this.logprobs = new AtomicBoolean(supportsLogprobs);
            String name = "llm-" + index;
            // named by provider: its state is a gauge tagged with this name
            this.breaker = breakers.circuitBreaker(
                    breakers.find(this.label).isPresent() ? this.label + "#" + index : this.label,
                    CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(Math.max(settings.breakerWindow(), settings.breakerMinimumCalls()))
                        .minimumNumberOfCalls(settings.breakerMinimumCalls())
                        .failureRateThreshold(settings.breakerFailureRate())
                        .waitDurationInOpenState(settings.breakerOpenFor())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        // a 400 says our request is wrong, not that the provider is
                        // unwell
                        .recordException(ex -> ex instanceof LlmCallFailed failed && failed.providerFault())
                        .build());
            this.retry = Retry.of(name,
                    RetryConfig.custom()
                        .maxAttempts(settings.retryAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2.0))
                        .retryOnException(ex -> ex instanceof LlmCallFailed failed && failed.retryable())
                        .build());
            this.bulkhead = Bulkhead.of(name,
                    BulkheadConfig.custom()
                        .maxConcurrentCalls(settings.maxConcurrent())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        }

        /**
         * Bulkhead around retries around the breaker: one permit per request, each
         * attempt judged by the breaker.
         */
        ChatCompletion call(Call call, long deadline, AtomicBoolean streamed) {
            AtomicReference<LlmCallFailed> failed = new AtomicReference<>();
            try {
                return Bulkhead.decorateSupplier(this.bulkhead,
                        Retry.decorateSupplier(this.retry, CircuitBreaker.decorateSupplier(this.breaker, () -> {
                            try {
                                return attempt(call, deadline, streamed);
                            }
                            catch (LlmCallFailed ex) {
                                failed.set(ex);
                                throw ex;
                            }
                        })))
                    .get();
            }
            catch (CallNotPermittedException ex) {
                // The breaker opened between this request's attempts: the failure that
                // opened it says more.
                if (failed.get() != null) {
                    throw failed.get();
                }
                throw ex;
            }
        }

        private ChatCompletion attempt(Call call, long deadline, AtomicBoolean streamed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LlmCallFailed("no time left before the turn's deadline");
            }
            boolean ask = this.logprobs.get();
            try {
                return call.call(this, Duration.ofNanos(left), ask);
            }
            catch (LlmCallFailed ex) {
                if (ask && ex.rejectsLogprobs() && (streamed == null || !streamed.get())) {
                    log.info("LLM provider {} does not support logprobs; no longer asking for them", this.label);
                    this.logprobs.set(false);
                    return call.call(this, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), false);
                }
                if (streamed != null && streamed.get()) {
                    // pieces of this reply reached the client: another attempt would
                    // repeat them
                    throw ex.afterPartialStream();
                }
                throw ex;
            }
        }

    }

}
