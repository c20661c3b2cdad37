package dev.skein.platform.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.platform.kafka.PlatformKafkaAutoConfiguration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in front of a service's internal API, in a real servlet container (its path
 * decoding and normalisation included), as a service gets it from auto-configuration
 * alone.
 */
@SpringBootTest(classes = InternalAuthIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=memory-service",
                "skein.internal-auth.secret=" + InternalAuthIT.SECRET })
class InternalAuthIT {

    static final String SECRET = "internal-auth-it-secret-0123456789abcdef";

    private static final JsonMapper JSON = JsonMapper.shared();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ServiceTokens gateway = new ServiceTokens("gateway", SECRET);

    @LocalServerPort
    int port;

    @Test
    void aCallWithoutATokenIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> response = get("/internal/tenants/a/conversations/c", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://skein.dev/problems/unauthorized");
        assertThat(problem.path("detail").asString()).startsWith("A service token is required");
        assertThat(problem.path("instance").asString()).isEqualTo("/internal/tenants/a/conversations/c");
    }

    @Test
    void aCallWithTheTenantsTokenReachesTheController() throws Exception {
        HttpResponse<String> response = get("/internal/tenants/a/conversations/c",
                this.gateway.issue("memory-service", "a"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("a/c");
    }

    @Test
    void aTokenOfTenantACannotReadTenantB() throws Exception {
        HttpResponse<String> response = get("/internal/tenants/b/conversations/c",
                this.gateway.issue("memory-service", "a"));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://skein.dev/problems/forbidden");
        assertThat(problem.path("detail").asString()).isEqualTo("The service token is for another tenant.");
    }

    @Test
    void noSpellingOfAnotherTenantsPathGetsPastTheFilter() throws Exception {
        String tokenOfA = this.gateway.issue("memory-service", "a");

        // the controller would read tenant b from all of these
        assertThat(get("/internal/tenants/%62/conversations/c", tokenOfA).statusCode()).isEqualTo(403);
        assertThat(get("/internal/tenants/b;x=a/conversations/c", tokenOfA).statusCode()).isEqualTo(403);
        assertThat(get("/internal/tenants/a/../b/conversations/c", tokenOfA).statusCode()).isIn(400, 403);
        assertThat(get("/internal/tenants/a/%2E%2E/b/conversations/c", tokenOfA).statusCode()).isIn(400, 403);
        assertThat(get("/x/../internal/tenants/b/conversations/c", tokenOfA).statusCode()).isIn(400, 403);
        // and an encoded spelling of its own tenant is the tenant
        HttpResponse<String> encoded = get("/internal/tenants/%61/conversations/c", tokenOfA);
        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(encoded.body()).isEqualTo("a/c");
    }

    @Test
    void aTokenWithoutATenantServesOnlyPathsWithoutOne() throws Exception {
        String serviceWide = this.gateway.issue("memory-service", null);

        assertThat(get("/internal/status", serviceWide).statusCode()).isEqualTo(200);
        assertThat(get("/internal/tenants/a/conversations/c", serviceWide).statusCode()).isEqualTo(403);
        assertThat(get("/internal/status", this.gateway.issue("memory-service", "a")).statusCode()).isEqualTo(403);
    }

    @Test
    void aTokenForAnotherServiceOrSignedWithAnotherSecretIsRefused() throws Exception {
        String forRetrieval = this.gateway.issue("retrieval-service", "a");
        String forged = new ServiceTokens("gateway", "some-other-secret-0123456789abcdef").issue("memory-service", "a");

        assertThat(get("/internal/tenants/a/conversations/c", forRetrieval).statusCode()).isEqualTo(401);
        assertThat(get("/internal/tenants/a/conversations/c", forged).statusCode()).isEqualTo(401);
        assertThat(get("/internal/tenants/a/conversations/c", "garbage").statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownInternalPathIsRefusedBeforeItIsFound() throws Exception {
        assertThat(get("/internal/anything", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator", null).statusCode()).isEqualTo(401);
    }

    @Test
    void whatIsNotInternalNeedsNoToken() throws Exception {
        HttpResponse<String> response = get("/public", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("public");
    }

    private HttpResponse<String> get(String rawPath, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + rawPath))
            .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication(exclude = { KafkaAutoConfiguration.class, PlatformKafkaAutoConfiguration.class })
    @RestController
    static class App {

        @GetMapping("/internal/tenants/{tenantId}/conversations/{conversationId}")
        String conversation(@PathVariable String tenantId, @PathVariable String conversationId) {
            return tenantId + "/" + conversationId;
        }

        @GetMapping("/internal/status")
        String status() {
            return "up";
        }

        @GetMapping("/public")
        String open() {
            return "public";
        }

    }

}
