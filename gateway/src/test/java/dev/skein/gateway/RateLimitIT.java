package dev.skein.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant token buckets: {@link #RATE_LIMITED_TENANT} may make 3 requests a minute.
 */
class RateLimitIT extends AbstractGatewayIT {

    @Test
    void tenantOverItsLimitGets429WithRetryAfterAndOthersAreUnaffected() {
        String limitedKey = newApiKey(RATE_LIMITED_TENANT);
        String otherKey = newApiKey(newId("tenant"));
        String path = "/v1/conversations/" + newId("conv");

        for (int i = 0; i < 3; i++) {
            // The stand-in knows no conversation: 404, but the request counted.
            assertThat(get(path, limitedKey).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> limited = get(path, limitedKey);

        assertProblem(limited, 429, "rate-limited");
        assertThat(limited.headers().firstValue("Retry-After"))
            .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(get(path, otherKey).statusCode()).isEqualTo(404);
        // The admin API and the API description are not limited.
        assertThat(issueKey(RATE_LIMITED_TENANT).path("apiKey").asString()).startsWith("sk-skein-");
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
        // All keys of a tenant share its bucket.
        assertProblem(get(path, newApiKey(RATE_LIMITED_TENANT)), 429, "rate-limited");
    }

}
