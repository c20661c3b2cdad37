package dev.skein.gateway.turn;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.skein.gateway.GatewayProperties;
import dev.skein.gateway.openai.OpenAiErrorFilter;
import dev.skein.platform.observability.TurnMetrics;
import dev.skein.platform.web.ProblemResponses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TurnAdmissionFilterTests {

    private final PendingTurns turns = new PendingTurns(
            new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                    List.of(URI.create("http://g")), Duration.ofSeconds(60), null, null, 10, 5000, 1024, 64,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    new GatewayProperties.RateLimit(600, null)),
            new TurnLimits(2, Duration.ofMillis(1500), Duration.ZERO), new TurnMetrics(new SimpleMeterRegistry()),
            new SimpleMeterRegistry());

    private final TurnAdmissionFilter filter = new TurnAdmissionFilter(this.turns,
            new ProblemResponses(JsonMapper.builder().build()));

    @AfterEach
    void stop() {
        this.turns.destroy();
    }

    @Test
    void aTurnArrivingAtAFullInstanceIsRefusedBeforeTheRestOfTheChain() throws Exception {
        this.turns.await(UUID.randomUUID(), "t", Function.identity());
        assertThat(passes("POST", "/v1/conversations/c/messages")).as("one of two in flight").isTrue();
        this.turns.await(UUID.randomUUID(), "t", Function.identity());

        MockHttpServletResponse refused = new MockHttpServletResponse();
        AtomicInteger chained = new AtomicInteger();
        this.filter.doFilter(request("POST", "/v1/conversations/c/messages"), refused,
                (req, res) -> chained.incrementAndGet());

        assertThat(chained).hasValue(0);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getContentAsString()).contains("overloaded", "has 2 turns in flight");
        assertThat(passes("POST", "/v1/chat/completions")).isFalse();
        // what is not a turn goes on
        assertThat(passes("POST", "/v1/conversations/c/messages:import")).isTrue();
        assertThat(passes("GET", "/v1/conversations/c/messages")).isTrue();
        assertThat(passes("POST", "/v1/conversations/c/memory:search")).isTrue();
    }

    @Test
    void onTheOpenAiPathTheRefusalIsAnOpenAiError() throws Exception {
        this.turns.await(UUID.randomUUID(), "t", Function.identity());
        this.turns.await(UUID.randomUUID(), "t", Function.identity());
        MockHttpServletResponse response = new MockHttpServletResponse();

        // the OpenAI error filter wraps the chain as it does in the gateway (order 0)
        new OpenAiErrorFilter(JsonMapper.builder().build()).doFilter(request("POST", "/v1/chat/completions"), response,
                (req, res) -> this.filter.doFilter(req, res, (inner, out) -> {
                    throw new AssertionError("a refused turn goes no further");
                }));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        JsonNode error = JsonMapper.builder().build().readTree(response.getContentAsString()).path("error");
        assertThat(error.path("message").asString()).contains("has 2 turns in flight");
    }

    @Test
    void onlyTheTwoTurnPathsAreTurns() {
        assertThat(TurnAdmissionFilter.isTurn("POST", "/v1/conversations/abc/messages")).isTrue();
        assertThat(TurnAdmissionFilter.isTurn("POST", "/v1/chat/completions")).isTrue();
        assertThat(TurnAdmissionFilter.isTurn("POST", "/v1/conversations//messages")).isFalse();
        assertThat(TurnAdmissionFilter.isTurn("POST", "/v1/conversations/abc/turns/x/messages")).isFalse();
        assertThat(TurnAdmissionFilter.isTurn("POST", "/v1/conversations/abc/messages:import")).isFalse();
        assertThat(TurnAdmissionFilter.isTurn("DELETE", "/v1/conversations/abc/messages")).isFalse();
    }

    private boolean passes(String method, String path) throws Exception {
        AtomicInteger chained = new AtomicInteger();
        this.filter.doFilter(request(method, path), new MockHttpServletResponse(),
                (req, res) -> chained.incrementAndGet());
        return chained.get() == 1;
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRequestURI(path);
        return request;
    }

}
