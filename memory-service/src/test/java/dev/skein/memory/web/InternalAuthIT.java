package dev.skein.memory.web;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import dev.skein.memory.AbstractMemoryServiceIT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the internal API answered any caller for any tenant, isolation rested on the
 * bind address. Now a call needs a service token of this service and of the path's
 * tenant, and the actuator shows health and nothing else.
 */
class InternalAuthIT extends AbstractMemoryServiceIT {

    private static final Map<String, Object> ONE_MESSAGE = Map.of("messages",
            List.of(Map.of("role", "user", "content", "my secret plan")));

    @Test
    void everyEndpointRefusesACallWithoutATokenAndStoresNothing() throws Exception {
        String path = conversationPath(randomId("t"), randomId("c"));

        List<Response> unsigned = List
            .of(unsigned(path + "/messages:import").POST(json(ONE_MESSAGE)), unsigned(path).GET(),
                    unsigned(path + "/messages").GET(), unsigned(path + "/memory").GET(),
                    unsigned(path + "/salient").GET(), unsigned(path).DELETE())
            .stream()
            .map(this::send)
            .toList();

        assertThat(unsigned).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().path("type").asString()).isEqualTo("https://skein.dev/problems/unauthorized");
        });
        assertThat(get(path).status()).isEqualTo(404);
    }

    @Test
    void aTokenOfAnotherTenantCannotReadOrEraseATenantsConversation() throws Exception {
        String owner = randomId("owner");
        String path = conversationPath(owner, randomId("c"));
        assertThat(post(path + "/messages:import", ONE_MESSAGE).status()).isEqualTo(200);
        String intruder = "Bearer " + this.tokens.issue("memory-service", randomId("intruder"));

        List<Response> refused = List
            .of(unsigned(path).GET(), unsigned(path + "/messages").GET(), unsigned(path + "/memory").GET(),
                    unsigned(path + "/salient").GET(), unsigned(path).DELETE(),
                    unsigned(path + "/messages:import").POST(json(ONE_MESSAGE)))
            .stream()
            .map(request -> send(request.header("Authorization", intruder)))
            .toList();

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body().path("type").asString()).isEqualTo("https://skein.dev/problems/forbidden");
            assertThat(response.body().toString()).doesNotContain("secret plan");
        });
        assertThat(get(path + "/messages").body().path("messages")).hasSize(1);
    }

    @Test
    void aTokenForAnotherServiceIsRefused() throws Exception {
        String tenant = randomId("t");
        String path = conversationPath(tenant, randomId("c"));

        Response response = send(
                unsigned(path).header("Authorization", "Bearer " + this.tokens.issue("retrieval-service", tenant))
                    .GET());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().path("detail").asString()).isEqualTo("The service token is for another service.");
    }

    @Test
    void theActuatorShowsHealthToAnyoneAndNothingElse() throws Exception {
        Response health = send(unsigned("/actuator/health").GET());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asString()).isEqualTo("UP");

        for (String endpoint : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/env",
                "/actuator/beans")) {
            assertThat(send(unsigned(endpoint).GET()).status()).as(endpoint).isEqualTo(401);
            // not exposed at all, whatever the credential
            assertThat(get(endpoint).status()).as(endpoint).isNotEqualTo(200);
        }
    }

    private HttpRequest.Builder unsigned(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(WAIT);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            return call(request);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

}
