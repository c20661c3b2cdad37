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
 * stream; past the bound a new turn is answered 503 {@code overloaded} with
 * {@code Retry-After} at once instead of joining an ever longer line (a client, or the
 * load balancer, tries another instance or later).
 *
 * @param maxInFlight turns this instance waits for at once
 * ({@code SKEIN_MAX_IN_FLIGHT_TURNS}); a turn sent twice counts twice
 * @param retryAfter what the 503 tells the client to wait
 */
@Validated
@ConfigurationProperties("skein.gateway.turns")
public record TurnLimits(@DefaultValue("512") @Positive int maxInFlight,
        @DefaultValue("1s") @NotNull Duration retryAfter) {

}
