package dev.skein.gateway.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code Idempotency-Key} header ({@code skein.gateway.idempotency}).
 *
 * @param ttl how long a key is remembered: sent again within it, the request creates
 * nothing new; afterwards the key is free for another request
 */
@Validated
@ConfigurationProperties("skein.gateway.idempotency")
public record IdempotencyProperties(@NotNull Duration ttl) {
}
