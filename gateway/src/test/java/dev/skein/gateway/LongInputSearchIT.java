package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/long-input:search} forwards to the retrieval-service and passes its
 * answer on.
 */
class LongInputSearchIT extends AbstractGatewayIT {

    @Value("${skein.gateway.long-input.max-chars}")
    int maxChars;

    @Value("${skein.gateway.long-input.concurrency-per-tenant}")
    int perTenant;

    @Test
    void questionOverALongTextIsForwardedAndAnsweredWithPassages() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        retrieval.stub("POST", "/internal/tenants/" + tenant + "/long-input:search", 200, """
                {"evidence":[{"text":"The vault code is 4711.","score":0.91,"start":120,"end":143}],
                 "windows":7,"documentTokens":3500}""");

        HttpResponse<String> response = post("/v1/long-input:search", apiKey, """
                {"question":"What is the vault code?","text":"A long transcript ... The vault code is 4711. ...",
                 "windowTokens":512,"cacheTokens":128}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(json.readTree("""
                {"evidence":[{"text":"The vault code is 4711.","score":0.91,"start":120,"end":143}],
                 "windows":7,"documentTokens":3500}"""));
        UpstreamStandIn.Call call = retrieval.calls()
            .stream()
            .filter(c -> c.path().equals("/internal/tenants/" + tenant + "/long-input:search"))
            .findFirst()
            .orElseThrow();
        JsonNode forwarded = json.readTree(call.body());
        assertThat(forwarded.path("timeoutMillis").asLong()).isEqualTo(20_000);
        ((ObjectNode) forwarded).remove("timeoutMillis");
        assertThat(forwarded).isEqualTo(json.readTree("""
                {"question":"What is the vault code?","text":"A long transcript ... The vault code is 4711. ...",
                 "windowTokens":512,"cacheTokens":128}"""));
        assertThat(call.correlationId()).isNotBlank();
    }

    @Test
    void aTextOverTheCpuBudgetIsTooLargeAndNotSent() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);

        JsonNode problem = assertProblem(
                post("/v1/long-input:search", apiKey,
                        "{\"question\":\"q\",\"text\":\"" + "t".repeat(this.maxChars + 1) + "\"}"),
                413, "payload-too-large");

        assertThat(problem.path("detail").asString()).contains(Integer.toString(this.maxChars));
        assertThat(retrieval.calls()).noneMatch(call -> call.path().contains(tenant));
    }

    @Test
    void nulInTheTextIsNamed() {
        String apiKey = newApiKey(newId("tenant"));

        assertThat(errorFields(assertProblem(
                post("/v1/long-input:search", apiKey, "{\"question\":\"q\\u0000\",\"text\":\"t\\ud800\"}"), 400,
                "validation")))
            .containsExactlyInAnyOrder("question", "text");
    }

    @Test
    void aTenantRunsOnlyItsShareOfSearchesAtOnce() throws Exception {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        retrieval.stub("POST", "/internal/tenants/" + tenant + "/long-input:search", 200,
                "{\"evidence\":[],\"windows\":1,\"documentTokens\":1}", Duration.ofSeconds(5));
        String body = "{\"question\":\"q\",\"text\":\"t\"}";
        List<CompletableFuture<HttpResponse<String>>> running = new ArrayList<>();
        for (int i = 0; i < this.perTenant; i++) {
            running.add(postAsync("/v1/long-input:search", apiKey, body));
        }
        await().atMost(Duration.ofSeconds(20))
            .until(() -> retrieval.calls()
                .stream()
                .filter(call -> call.path().contains(tenant))
                .count() == this.perTenant);

        HttpResponse<String> third = post("/v1/long-input:search", apiKey, body);
        HttpResponse<String> otherTenant = post("/v1/long-input:search", newApiKey(newId("tenant")), body);

        assertProblem(third, 429, "rate-limited");
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(otherTenant.statusCode()).isNotEqualTo(429);
        for (CompletableFuture<HttpResponse<String>> search : running) {
            assertThat(search.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(post("/v1/long-input:search", apiKey, body).statusCode()).isEqualTo(200);
    }

    @Test
    void aSearchStoppedAtItsDeadlineIsADeadlineProblem() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        retrieval.stub("POST", "/internal/tenants/" + tenant + "/long-input:search", 503, """
                {"type":"https://skein.dev/problems/deadline-exceeded","status":503,"detail":"stopped"}""");

        assertProblem(post("/v1/long-input:search", apiKey, "{\"question\":\"q\",\"text\":\"t\"}"), 503,
                "deadline-exceeded");
    }

    @Test
    void aBusyReaderIsUnavailableForAMoment() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        retrieval.stub("POST", "/internal/tenants/" + tenant + "/long-input:search", 429, """
                {"type":"https://skein.dev/problems/rate-limited","status":429,"detail":"busy"}""");

        HttpResponse<String> response = post("/v1/long-input:search", apiKey, "{\"question\":\"q\",\"text\":\"t\"}");

        assertProblem(response, 503, "upstream-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void badRequestsAreValidationProblems() {
        String apiKey = newApiKey(newId("tenant"));

        JsonNode problem = assertProblem(
                post("/v1/long-input:search", apiKey, "{\"question\":\" \",\"windowTokens\":0,\"cacheTokens\":-1}"),
                400, "validation");
        assertThat(errorFields(problem)).containsExactlyInAnyOrder("question", "text", "windowTokens", "cacheTokens");

        problem = assertProblem(
                post("/v1/long-input:search", apiKey, "{\"question\":\"" + "q".repeat(4001) + "\",\"text\":\"t\"}"),
                400, "validation");
        assertThat(errorFields(problem)).containsExactly("question");

        problem = assertProblem(
                post("/v1/long-input:search", apiKey,
                        "{\"question\":\"q\",\"text\":\"t\",\"windowTokens\":63,\"cacheTokens\":4097}"),
                400, "validation");
        assertThat(errorFields(problem)).containsExactly("windowTokens", "cacheTokens");
    }

    @Test
    void retrievalFailureIsUpstreamUnavailable() {
        String tenant = newId("tenant");
        String apiKey = newApiKey(tenant);
        retrieval.stub("POST", "/internal/tenants/" + tenant + "/long-input:search", 500,
                "{\"type\":\"about:blank\",\"status\":500,\"detail\":\"java.lang.OutOfMemoryError at ...\"}");

        JsonNode problem = assertProblem(post("/v1/long-input:search", apiKey, "{\"question\":\"q\",\"text\":\"t\"}"),
                503, "upstream-unavailable");
        assertThat(problem.toString()).doesNotContain("OutOfMemoryError");
    }

}
