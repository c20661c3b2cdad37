package dev.skein.e2e;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.skein.e2e.SkeinClient.Response;
import dev.skein.platform.auth.ServiceTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 12: the services' own ports ({@code 127.0.0.1:8081/internal/tenants/<any>/...},
 * {@code :8082/internal/...}) answered any caller for any tenant; isolation rested on the
 * bind address. They now refuse a call without a service token and one for another
 * tenant. The only test that goes past the gateway, because that is what it is about.
 */
class InternalPortsIT {

    private final SkeinStack stack = SkeinStack.get();

    private final SkeinStack.Internal internal = this.stack.internal();

    @BeforeEach
    void internalPortsKnown() {
        assumeTrue(this.internal.known(), "the ports and secret of an external stack are not given");
    }

    @Test
    void aServicesPortRefusesACallWithoutATokenOrWithAnotherTenantsToken() {
        String tenant = "e2e-own-" + UUID.randomUUID().toString().substring(0, 8);
        SkeinClient owner = new SkeinClient(this.stack.gatewayUrl(), this.stack.admin().createApiKey(tenant));
        String conversation = "internal-" + UUID.randomUUID();
        assertThat(owner
            .post("/v1/conversations/" + conversation + "/messages:import",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"The vault code is 4711.\"}]}")
            .status()).isEqualTo(200);
        // a peer of the stack: holds its secret, as the gateway and the services do
        ServiceTokens peer = new ServiceTokens("e2e-tests", this.internal.tokenSecret());
        String conversationPath = "/internal/tenants/" + tenant + "/conversations/" + conversation;
        String search = "{\"query\":\"What is the vault code?\"}";

        Response memoryAnonymous = new SkeinClient(this.internal.memoryUrl(), null).get(conversationPath + "/messages");
        Response memoryIntruder = new SkeinClient(this.internal.memoryUrl(),
                peer.issue("memory-service", "e2e-intruder"))
            .get(conversationPath + "/messages");
        Response retrievalAnonymous = new SkeinClient(this.internal.retrievalUrl(), null)
            .post(conversationPath + "/memory:search", search);
        Response retrievalIntruder = new SkeinClient(this.internal.retrievalUrl(),
                peer.issue("retrieval-service", "e2e-intruder"))
            .post(conversationPath + "/memory:search", search);
        Response generationAnonymous = new SkeinClient(this.internal.generationUrl(), null).get("/internal/writing");

        for (Response refused : List.of(memoryAnonymous, retrievalAnonymous, generationAnonymous)) {
            assertProblem(refused, 401, "unauthorized");
        }
        for (Response refused : List.of(memoryIntruder, retrievalIntruder)) {
            assertProblem(refused, 403, "forbidden");
        }
        // the owner's token, signed with the same secret, reads it: the refusals were
        // about the token
        Response own = new SkeinClient(this.internal.memoryUrl(), peer.issue("memory-service", tenant))
            .get(conversationPath + "/messages");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("4711");
        assertThat(new SkeinClient(this.internal.retrievalUrl(), peer.issue("retrieval-service", tenant))
            .post(conversationPath + "/memory:search", search)
            .status()).isEqualTo(200);
    }

    @Test
    void everyPortShowsHealthToAnyoneAndNoOtherActuatorEndpoint() {
        for (String url : List.of(this.stack.gatewayUrl(), this.internal.memoryUrl(), this.internal.retrievalUrl(),
                this.internal.generationUrl())) {
            SkeinClient anyone = new SkeinClient(url, null);

            Response health = anyone.get("/actuator/health");

            assertThat(health.status()).as(url).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            for (String endpoint : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/env")) {
                assertProblem(anyone.get(endpoint), 401, "unauthorized");
            }
        }
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo("https://skein.dev/problems/" + type);
        assertThat(response.body()).doesNotContain("4711");
    }

}
