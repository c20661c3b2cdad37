package dev.skein.gateway.turn;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Back-pressure of one gateway instance ({@code skein.gateway.turns.*}): a turn waits for
 * its reply without a thread, but each waiter holds a connection, a timeout and its
 * stream; past the limit a new turn is answered 503 {@code overloaded} with
 * {@code Retry-After} at once instead of joining an ever longer line (a client, or the
 * load balancer, tries another instance or later). The limit adapts below the bound to
 * keep Skein's own part of a turn near {@code latencyTarget} ({@link TurnAdmission}).
 *
 * @param maxInFlight turns this instance waits for at once at most
 * ({@code SKEIN_MAX_IN_FLIGHT_TURNS}); a turn sent twice counts twice
 * @param retryAfter what the 503 tells the client to wait
 * @param latencyTarget Skein's own time of a turn (the client's wait less the LLM's
 * generation) above which the instance takes fewer turns at once
 * ({@code SKEIN_TURN_LATENCY_TARGET}); 0 keeps the static bound alone. 300 ms: a few
 * times a quiet turn's (60-120 ms on 2 cores), so past it turns are queueing; at 1 s the
 * limit let 64 clients' turns wait 1.3-2.2 s (p50) on 2 cores, at 300 ms 0.35-0.74 s for
 * as many turns a second (docs/decisions.md, adaptive admission)
 */
@Validated
@ConfigurationProperties("skein.gateway.turns")
public record TurnLimits(@DefaultValue("512") @Positive int maxInFlight,
        @DefaultValue("1s") @NotNull Duration retryAfter, @DefaultValue("300ms") @NotNull Duration latencyTarget) {

}
