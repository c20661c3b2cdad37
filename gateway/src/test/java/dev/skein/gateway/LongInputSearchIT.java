package dev.skein.gateway;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/long-input:search} forwards to the retrieval-service and passes its
 * answer on.
 */
class LongInputSearchIT extends AbstractGatewayIT {

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
        assertThat(json.readTree(call.body())).isEqualTo(json.readTree("""
                {"question":"What is the vault code?","text":"A long transcript ... The vault code is 4711. ...",
                 "windowTokens":512,"cacheTokens":128}"""));
        assertThat(call.correlationId()).isNotBlank();
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
