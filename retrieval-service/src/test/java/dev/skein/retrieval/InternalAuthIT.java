package dev.skein.retrieval;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: {@code :8082/internal/...} answered any caller for any tenant, isolation
 * rested on the bind address. Now a call needs a service token of this service and of the
 * path's tenant, and the actuator shows health and nothing else.
 */
class InternalAuthIT extends AbstractRetrievalIT {

    @Test
    void everyEndpointRefusesACallWithoutATokenWithAProblem() {
        String path = path(this.tenant, this.conversation);
        String search = JSON.writeValueAsString(new SearchBody("dog", 3, null));

        List<Response> unsigned = List.of(
                send(unsigned(path + "/memory:search").POST(HttpRequest.BodyPublishers.ofString(search)).build()),
                send(unsigned(path + "/index").GET().build()), send(unsigned(path).DELETE().build()),
                send(unsigned("/internal/tenants/" + this.tenant + "/long-input:search")
                    .POST(HttpRequest.BodyPublishers
                        .ofString(JSON.writeValueAsString(Map.of("question", "q", "text", "Some text."))))
                    .build()));

        assertThat(unsigned).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().path("type").asString()).isEqualTo("https://skein.dev/problems/unauthorized");
        });
    }

    @Test
    void aTokenOfAnotherTenantCannotSearchOrEraseATenantsIndex() {
        index(Conversations.twelveTurns(this::turn));
        String path = path(this.tenant, this.conversation);
        String intruder = "Bearer " + this.tokens.issue("retrieval-service", "intruder-" + this.tenant);

        Response search = send(unsigned(path + "/memory:search").header("Authorization", intruder)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new SearchBody("dog", 3, null))))
            .build());
        Response erase = send(unsigned(path).header("Authorization", intruder).DELETE().build());

        assertThat(List.of(search, erase)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body().path("type").asString()).isEqualTo("https://skein.dev/problems/forbidden");
            assertThat(response.body().toString()).doesNotContain("puppy");
        });
        assertThat(get(path + "/index").body().path("indexed").asLong()).isEqualTo(12);
        assertThat(search("Does she have a dog?", 3).body().path("results")).hasSize(3);
    }

    @Test
    void theActuatorShowsHealthToAnyoneAndNothingElse() {
        Response health = send(unsigned("/actuator/health").GET().build());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asString()).isEqualTo("UP");

        for (String endpoint : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/env")) {
            assertThat(send(unsigned(endpoint).GET().build()).status()).as(endpoint).isEqualTo(401);
            assertThat(get(endpoint).status()).as(endpoint).isNotEqualTo(200);
        }
    }

    private HttpRequest.Builder unsigned(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

}
