package dev.skein.gateway.turn;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.skein.contracts.TurnCompleted;
import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.observability.TurnMetrics;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PendingTurnsTests {

    private final PendingTurns turns = pendingTurns(new TurnLimits(2, Duration.ofMillis(1500), Duration.ZERO));

    private PendingTurns adaptive;

    @AfterEach
    void stop() {
        this.turns.destroy();
        if (this.adaptive != null) {
            this.adaptive.destroy();
        }
    }

    @Test
    void turnsSlowInSkeinItselfLowerTheLimit() throws Exception {
        this.adaptive = pendingTurns(new TurnLimits(16, Duration.ofSeconds(1), Duration.ofMillis(50)));
        List<UUID> slow = register(this.adaptive, 16);
        Thread.sleep(TurnAdmission.WINDOW_NANOS / 1_000_000 + 50);

        this.adaptive.on(completed(UUID.randomUUID(), 0)); // another instance's: ignored
        slow.forEach(turnId -> this.adaptive.on(completed(turnId, 0)));

        // 300 ms of Skein's own time against a 50 ms target: cut, by half at most
        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> register(this.adaptive, 9))
            .satisfies(ex -> assertThat(ex.problem().getDetail()).contains("has 8 turns in flight"));
    }

    @Test
    void turnsSlowInTheLlmDoNotLowerIt() throws Exception {
        this.adaptive = pendingTurns(new TurnLimits(16, Duration.ofSeconds(1), Duration.ofMillis(50)));
        List<UUID> slow = register(this.adaptive, 16);
        Thread.sleep(TurnAdmission.WINDOW_NANOS / 1_000_000 + 50);

        // the same wait, nearly all of it the generation stage
        slow.forEach(turnId -> this.adaptive.on(completed(turnId, 10_000)));

        assertThat(register(this.adaptive, 16)).as("all sixteen let in again").hasSize(16);
    }

    private static List<UUID> register(PendingTurns turns, int count) {
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID turnId = UUID.randomUUID();
            turns.await(turnId, "t1", Function.identity());
            ids.add(turnId);
        }
        return ids;
    }

    private static TurnCompleted completed(UUID turnId, long generationMillis) {
        return new TurnCompleted(UUID.randomUUID(), Instant.now(), "t1", "c1", turnId, UUID.randomUUID(), 2, "Hi",
                "extractive", List.of(), null, generationMillis);
    }

    private static PendingTurns pendingTurns(TurnLimits limits) {
        return new PendingTurns(
                new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                        List.of(URI.create("http://g")), Duration.ofSeconds(60), null, null, 10, 5000, 1024, 64,
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                        new GatewayProperties.RateLimit(600, null)),
                limits, new TurnMetrics(new SimpleMeterRegistry()), new SimpleMeterRegistry());
    }

    @Test
    void pastTheBoundATurnIsRefusedWithRetryAfterAndNothingIsQueued() {
        UUID first = UUID.randomUUID();
        AwaitedTurn firstTurn = this.turns.await(first, "t1", Function.identity());
        this.turns.await(UUID.randomUUID(), "t1", Function.identity());

        assertThatExceptionOfType(ProblemException.class)
            .isThrownBy(() -> this.turns.await(UUID.randomUUID(), "t1", Function.identity()))
            .satisfies(ex -> {
                assertThat(ex.problem().getStatus()).isEqualTo(503);
                assertThat(ex.problem().getType()).isEqualTo(Problems.type(Problems.OVERLOADED));
                assertThat(ex.retryAfterSeconds()).isEqualTo("2");
            });
        assertThat(this.turns.size()).isEqualTo(2);

        // a turn that ends makes room for the next one
        this.turns.fail(first, firstTurn, Problems.upstreamUnavailable());
        assertThat(this.turns.size()).isEqualTo(1);
        this.turns.await(UUID.randomUUID(), "t1", Function.identity());
        assertThat(this.turns.size()).isEqualTo(2);
    }

    @Test
    void aTurnSentTwiceCountsTwiceAndEndsBoth() {
        UUID turnId = UUID.randomUUID();
        AwaitedTurn one = this.turns.await(turnId, "t1", Function.identity());
        AwaitedTurn two = this.turns.await(turnId, "t1", Function.identity());

        assertThat(this.turns.size()).isEqualTo(2);
        this.turns.fail(turnId, one, Problems.upstreamUnavailable());
        this.turns.fail(turnId, two, Problems.upstreamUnavailable());
        // ended once each: failing again changes nothing
        this.turns.fail(turnId, two, Problems.upstreamUnavailable());

        assertThat(this.turns.size()).isZero();
        assertThat(this.turns.isEmpty()).isTrue();
    }

}
