package dev.skein.generation.writing;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.platform.auth.ServiceToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the internal API (writing jobs, the prompts of recent turns) answered any
 * caller for any tenant. Now a call needs a service token of this service and of the
 * path's tenant; the service signs its own calls to memory and retrieval the same way;
 * the actuator shows health and nothing else.
 */
class InternalAuthIT extends AbstractWritingIT {

    @Test
    void everyEndpointRefusesACallWithoutAToken() throws Exception {
        for (String path : List.of(path("c-" + UUID.randomUUID(), UUID.randomUUID()), "/internal/writing",
                "/internal/turns/" + UUID.randomUUID() + "/prompt")) {
            HttpResponse<String> response = get(path, null);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("https://skein.dev/problems/unauthorized");
        }
    }

    @Test
    void aTokenOfAnotherTenantCannotReadATenantsJobNorAnyPrompt() throws Exception {
        String conversation = "auth-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        publish(request(conversation, jobId, "A private text " + jobId, 150), "corr");
        progressUntilFinished(conversation);
        String intruder = this.tokens.issue("generation-service", "intruder");

        HttpResponse<String> job = get(path(conversation, jobId), intruder);
        HttpResponse<String> prompt = get("/internal/turns/" + UUID.randomUUID() + "/prompt", intruder);

        assertThat(job.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(job.body()).path("type").asString()).isEqualTo("https://skein.dev/problems/forbidden");
        assertThat(job.body()).doesNotContain("private text");
        // the prompt log holds every tenant's text: only a token for no tenant reads it
        assertThat(prompt.statusCode()).isEqualTo(403);
        assertThat(get(path(conversation, jobId)).statusCode()).isEqualTo(200);
    }

    @Test
    void aWritingJobSignsItsCallsToMemoryAndRetrievalForItsTenant() throws Exception {
        String conversation = "signed-" + UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        publish(request(conversation, jobId, "A signed text " + jobId, 150), "corr");

        assertThat(last(progressUntilFinished(conversation)).kind()).isEqualTo("completed");
        List<ServiceToken> tokens = LLM.peerTokens();
        assertThat(tokens).extracting(ServiceToken::audience).contains("memory-service", "retrieval-service");
        assertThat(tokens).allSatisfy(token -> {
            assertThat(token.issuer()).isEqualTo("generation-service");
            assertThat(token.tenant()).isEqualTo(TENANT);
            assertThat(token.expiresAt()).isEqualTo(token.issuedAt().plusSeconds(60));
        });
    }

    @Test
    void theActuatorShowsHealthToAnyoneAndNothingElse() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");

        for (String endpoint : List.of("/actuator", "/actuator/info", "/actuator/metrics", "/actuator/env")) {
            assertThat(get(endpoint, null).statusCode()).as(endpoint).isEqualTo(401);
            assertThat(get(endpoint).statusCode()).as(endpoint).isNotEqualTo(200);
        }
    }

}
