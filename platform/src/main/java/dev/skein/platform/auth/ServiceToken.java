package dev.skein.platform.auth;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A verified service token: who made it, for which service, for which tenant's data (null
 * for a call that concerns no tenant), and until when it is good.
 */
public record ServiceToken(String issuer, String audience, @Nullable String tenant, Instant issuedAt,
        Instant expiresAt) {
}
