package dev.skein.platform.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service tokens of the internal APIs ({@code skein.internal-auth}); the secrets come
 * from {@code SKEIN_INTERNAL_TOKEN_SECRET} and
 * {@code SKEIN_INTERNAL_TOKEN_PREVIOUS_SECRET} (the platform's defaults).
 *
 * @param secret signs and verifies; the same in every service of a stack, at least 32
 * characters. A service does not start without it.
 * @param previousSecret verifies only, while a new secret is rolled out service by
 * service
 * @param tokenLifetime how long a token this service issues is good
 * @param clockSkew how far the clocks of two services may disagree
 */
@ConfigurationProperties("skein.internal-auth")
public record InternalAuthProperties(@Nullable String secret, @Nullable String previousSecret,
        @DefaultValue("60s") Duration tokenLifetime, @DefaultValue("10s") Duration clockSkew) {
}
