package dev.skein.gateway.turn;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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

    private final PendingTurns turns = new PendingTurns(
            new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                    List.of(URI.create("http://g")), Duration.ofSeconds(60), null, null, 10, 5000, 1024, 64,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    new GatewayProperties.RateLimit(600, null)),
            new TurnLimits(2, Duration.ofMillis(1500)), new TurnMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        this.turns.destroy();
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
