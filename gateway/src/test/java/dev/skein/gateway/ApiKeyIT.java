package dev.skein.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyIT extends AbstractGatewayIT {

    private static final String TRANSCRIPT = "{\"messages\":[],\"nextCursor\":null}";

    @Autowired
    JdbcClient jdbc;

    @Test
    void requestWithoutKeyIsUnauthorized() {
        HttpResponse<String> response = get("/v1/conversations/c1/messages", null);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void unknownKeyIsUnauthorized() {
        HttpResponse<String> response = get("/v1/conversations/c1/messages",
                "sk-skein-0123456789abcdef0123456789abcdef01234567");

        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void devKeyIsIgnoredOutsideProfileLocal() {
        assertProblem(get("/v1/conversations/c1/messages", DEV_KEY), 401, "unauthorized");
    }

    @Test
    void issuedKeyIsShownOnceAndStoredOnlyAsHash() throws Exception {
        String tenant = newId("tenant");
        JsonNode issued = issueKey(tenant);
        String apiKey = issued.path("apiKey").asString();

        assertThat(issued.path("tenantId").asString()).isEqualTo(tenant);
        assertThat(apiKey).matches("sk-skein-[0-9a-f]{40}");
        String hash = HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        List<String> stored = this.jdbc.sql("SELECT key_hash FROM gateway.api_keys WHERE tenant_id = :t")
            .param("t", tenant)
            .query(String.class)
            .list();
        assertThat(stored).containsExactly(hash);
        assertThat(this.jdbc.sql("SELECT count(*) FROM gateway.api_keys WHERE key_hash = :k OR name = :k")
            .param("k", apiKey)
            .query(Long.class)
            .single()).isZero();
    }

    @Test
    void eachKeyIsScopedToItsTenant() {
        String tenantA = newId("tenant-a");
        String tenantB = newId("tenant-b");
        String conversation = newId("conv");
        memory.stub("GET", "/internal/tenants/" + tenantA + "/conversations/" + conversation + "/messages", 200,
                TRANSCRIPT);
        memory.stub("GET", "/internal/tenants/" + tenantB + "/conversations/" + conversation + "/messages", 200,
                TRANSCRIPT);

        assertThat(get("/v1/conversations/" + conversation + "/messages", newApiKey(tenantA)).statusCode())
            .isEqualTo(200);
        assertThat(get("/v1/conversations/" + conversation + "/messages", newApiKey(tenantB)).statusCode())
            .isEqualTo(200);

        assertThat(memory.callsFor(conversation)).extracting(UpstreamStandIn.Call::path)
            .containsExactly("/internal/tenants/" + tenantA + "/conversations/" + conversation + "/messages",
                    "/internal/tenants/" + tenantB + "/conversations/" + conversation + "/messages");
    }

    @Test
    void revokedKeyIsUnauthorized() {
        String tenant = newId("tenant");
        String conversation = newId("conv");
        memory.stub("GET", "/internal/tenants/" + tenant + "/conversations/" + conversation + "/messages", 200,
                TRANSCRIPT);
        JsonNode issued = issueKey(tenant);
        String apiKey = issued.path("apiKey").asString();
        assertThat(get("/v1/conversations/" + conversation + "/messages", apiKey).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = delete("/admin/api-keys/" + issued.path("keyId").asString(), ADMIN_TOKEN);

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertProblem(get("/v1/conversations/" + conversation + "/messages", apiKey), 401, "unauthorized");
    }

    @Test
    void revokingAnUnknownKeyIsNotFound() {
        assertProblem(delete("/admin/api-keys/6f1c1a52-8f0e-4d7c-9d8f-2a7f3c5b9e10", ADMIN_TOKEN), 404, "not-found");
    }

    @Test
    void adminApiNeedsTheAdminToken() {
        HttpRequest withoutToken = request("/admin/tenants/t1/api-keys", null).POST(HttpRequest.BodyPublishers.noBody())
            .build();
        HttpRequest withApiKey = request("/admin/tenants/t1/api-keys", newApiKey(newId("tenant")))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

        assertProblem(send(withoutToken), 401, "unauthorized");
        assertProblem(send(withApiKey), 401, "unauthorized");
    }

    @Test
    void adminRejectsABadTenantId() {
        HttpResponse<String> response = send(
                request("/admin/tenants/bad%20tenant/api-keys", ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody())
                    .build());

        assertThat(errorFields(assertProblem(response, 400, "validation"))).containsExactly("tenantId");
    }

}
