package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What needs no API key: the API description, its UI and health. */
class PublicEndpointsIT extends AbstractGatewayIT {

    @Test
    void openApiDescribesThePublicApi() {
        HttpResponse<String> response = get("/v3/api-docs", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = body(response).path("paths");
        assertThat(paths.has("/v1/conversations/{conversationId}/messages")).isTrue();
        assertThat(paths.has("/v1/conversations/{conversationId}/memory:search")).isTrue();
        assertThat(paths.has("/admin/tenants/{tenantId}/api-keys")).isTrue();
        assertThat(paths.has("/v1/users/{userId}")).isTrue();
        assertThat(paths.has("/v1/users/{userId}/conversations")).isTrue();
        assertThat(paths.has("/v1/users/{userId}/memory:search")).isTrue();
        assertThat(paths.at("/~1v1~1users~1{userId}~1memory/get/responses/200/content/application~1json/schema/$ref")
            .asString()).endsWith("/UserMemory");
        // The tenant comes from the key, never from the client.
        assertThat(paths.at("/~1v1~1conversations~1{conversationId}~1messages/post/parameters").toString())
            .contains("conversationId")
            .doesNotContain("tenant");
    }

    @Test
    void openApiDescribesTheChatCompletionsAndLongInputEndpointsWithSchemas() {
        JsonNode api = body(get("/v3/api-docs", null));

        JsonNode chat = api.at("/paths/~1v1~1chat~1completions/post");
        assertThat(chat.at("/requestBody/content/application~1json/schema/$ref").asString())
            .endsWith("/ChatCompletionRequest");
        assertThat(chat.at("/responses/200/content/application~1json/schema/$ref").asString())
            .endsWith("/ChatCompletion");
        assertThat(chat.at("/responses/200/content/text~1event-stream/schema/$ref").asString())
            .endsWith("/ChatCompletionChunk");
        assertThat(chat.path("parameters").toString()).contains("X-Conversation-Id");
        JsonNode longInput = api.at("/paths/~1v1~1long-input:search/post");
        assertThat(longInput.at("/requestBody/content/application~1json/schema/$ref").asString())
            .endsWith("/LongInputRequest");
        assertThat(longInput.at("/responses/200/content").toString()).contains("LongInputAnswer");
        JsonNode schemas = api.at("/components/schemas");
        assertThat(schemas.at("/ChatCompletionRequest/properties").has("max_tokens")).isTrue();
        assertThat(schemas.at("/ChatCompletion/properties").has("skein")).isTrue();
        assertThat(schemas.at("/LongInputAnswer/properties").has("documentTokens")).isTrue();
        assertThat(schemas.at("/Passage/properties").has("start")).isTrue();
    }

    @Test
    void theOpenAiPathsDeclareOpenAisErrorShapeAndTheOthersProblems() {
        JsonNode api = body(get("/v3/api-docs", null));

        for (String operation : List.of("/paths/~1v1~1chat~1completions/post", "/paths/~1v1~1models/get",
                "/paths/~1v1~1models~1{model}/get")) {
            for (String status : List.of("4XX", "5XX")) {
                JsonNode content = api.at(operation + "/responses/" + status + "/content");
                assertThat(content.at("/application~1json/schema/$ref").asString()).as(operation + " " + status)
                    .endsWith("/OpenAiError");
                assertThat(content.has("application/problem+json")).as(operation + " " + status).isFalse();
            }
        }
        JsonNode schemas = api.at("/components/schemas");
        assertThat(schemas.at("/OpenAiError/properties/error/$ref").asString()).endsWith("/OpenAiErrorBody");
        assertThat(schemas.at("/OpenAiError/required").toString()).contains("error");
        JsonNode body = schemas.path("OpenAiErrorBody");
        assertThat(body.path("properties").propertyNames()).contains("message", "type", "param", "code");
        assertThat(body.path("required").toString()).contains("message", "type", "param", "code");
        assertThat(body.at("/properties/type/enum").toString()).contains("invalid_request_error",
                "authentication_error", "rate_limit_error", "server_error");
        // every other path keeps RFC 9457
        assertThat(api
            .at("/paths/~1v1~1conversations~1{conversationId}~1messages/post/responses/4XX/content"
                    + "/application~1problem+json/schema/$ref")
            .asString()).endsWith("/Problem");
    }

    @Test
    void everyResponseOfThePublicApiNamesItsContentType() {
        JsonNode paths = body(get("/v3/api-docs", null)).path("paths");

        List<String> responses = new ArrayList<>();
        paths.properties()
            .forEach(path -> path.getValue()
                .properties()
                .forEach(operation -> operation.getValue()
                    .path("responses")
                    .properties()
                    .forEach(response -> response.getValue()
                        .path("content")
                        .propertyNames()
                        .forEach(type -> responses
                            .add(operation.getKey() + " " + path.getKey() + " " + response.getKey() + " " + type)))));
        assertThat(responses).isNotEmpty().noneMatch(response -> response.endsWith("*/*"));
        assertThat(responses).contains("get /v1/conversations/{conversationId}/messages 200 application/json",
                "get /v1/conversations/{conversationId}/messages 4XX application/problem+json",
                "post /v1/conversations/{conversationId}/memory:search 5XX application/problem+json",
                "post /v1/conversations/{conversationId}/messages 200 text/event-stream",
                "get /v1/conversations/{conversationId}/writings/{jobId}/events 200 text/event-stream");
        assertThat(paths
            .at("/~1v1~1conversations~1{conversationId}~1memory/get/responses/200/content"
                    + "/application~1json/schema/$ref")
            .asString()).endsWith("/MemoryView");
    }

    @Test
    void theConsoleIsServedWithoutAKeyAndLoadsOnlyItself() {
        HttpResponse<String> page = get("/console/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>")
            .doesNotContain("<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        HttpResponse<String> script = get("/console/js/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy")).isPresent();
        HttpResponse<String> bare = get("/console", null);
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location"))
            .hasValueSatisfying(location -> assertThat(location).endsWith("/console/"));
        // The API behind it still wants a key.
        assertThat(get("/v1/conversations/c-1/memory", null).statusCode()).isEqualTo(401);
    }

    @Test
    void swaggerUiIsServed() {
        HttpResponse<String> response = send(request("/swagger-ui.html", null).GET().build());

        assertThat(response.statusCode()).isIn(200, 302);
    }

    @Test
    void healthIncludesTheReplyListener() {
        JsonNode health = body(get("/actuator/health", null));

        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/replyListener/details/assignedPartitions").asInt()).isEqualTo(3);
    }

    @Test
    void correlationIdIsMadeWhenAbsentAndEchoed() {
        HttpResponse<String> response = get("/v1/conversations/c1", null);

        assertThat(response.headers().firstValue("X-Correlation-Id"))
            .hasValueSatisfying(id -> assertThat(id).isNotBlank());
    }

}
