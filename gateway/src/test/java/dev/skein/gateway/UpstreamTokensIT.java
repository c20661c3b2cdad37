package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.platform.auth.ServiceToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the gateway called the internal APIs without any credential (they answered
 * anyone). Now every call carries a service token for the callee and the tenant of the
 * API key, which the stand-ins verify as the services do; the public port's actuator
 * shows health and nothing else.
 */
class UpstreamTokensIT extends AbstractGatewayIT {

    @Test
    void everyInternalCallCarriesATokenForTheCalleeAndTheKeysTenant() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        String conversation = newId("conv");
        String internal = "/internal/tenants/" + tenant;
        memory.stub("GET", internal + "/conversations/" + conversation + "/messages", 200,
                "{\"messages\":[],\"nextCursor\":null}");
        retrieval.stub("POST", internal + "/long-input:search", 200,
                "{\"evidence\":[],\"windows\":1,\"documentTokens\":3}");
        UUID jobId = UUID.randomUUID();

        assertThat(get("/v1/conversations/" + conversation + "/messages", apiKey).statusCode()).isEqualTo(200);
        assertThat(post("/v1/long-input:search", apiKey, "{\"question\":\"q\",\"text\":\"Some text.\"}").statusCode())
            .isEqualTo(200);
        assertThat(get("/v1/conversations/" + conversation + "/writings/" + jobId, apiKey).statusCode()).isEqualTo(404);

        assertThat(token(memory, internal + "/conversations/" + conversation + "/messages"))
            .satisfies(token -> assertToken(token, "memory-service", tenant));
        assertThat(token(retrieval, internal + "/long-input:search"))
            .satisfies(token -> assertToken(token, "retrieval-service", tenant));
        assertThat(token(generation, internal + "/conversations/" + conversation + "/writings/" + jobId))
            .satisfies(token -> assertToken(token, "generation-service", tenant));
    }

    @Test
    void thePublicPortsActuatorShowsHealthToAnyoneAndNothingElse() {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(body(health).path("status").asString()).isEqualTo("UP");

        for (String endpoint : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/env")) {
            assertProblem(get(endpoint, null), 401, "unauthorized");
        }
        // an API key is no credential for them either
        assertProblem(get("/actuator/info", newApiKey(newId("tenant"))), 401, "unauthorized");
    }

    private static ServiceToken token(UpstreamStandIn standIn, String path) {
        return standIn.calls().stream().filter(call -> call.path().equals(path)).findFirst().orElseThrow().token();
    }

    private static void assertToken(ServiceToken token, String audience, String tenant) {
        assertThat(token).as("a verified token").isNotNull();
        assertThat(token.issuer()).isEqualTo("gateway");
        assertThat(token.audience()).isEqualTo(audience);
        assertThat(token.tenant()).isEqualTo(tenant);
        assertThat(token.expiresAt()).isEqualTo(token.issuedAt().plusSeconds(60));
    }

}
