package dev.skein.e2e;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.skein.e2e.SkeinClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets an RFC 9457 problem and changes nothing; keys and tenants are enforced.
 */
class BadInputIT {

    private final SkeinClient client = SkeinStack.get().newTenant();

    @ParameterizedTest
    @ValueSource(strings = { "{\"role\":\"user\",\"content\":", "{\"role\":\"robot\",\"content\":\"hi\"}",
            "{\"role\":\"user\",\"content\":\"   \"}", "{\"role\":\"user\"}" })
    void badMessagesAreRejectedWithAProblemAndStoreNothing(String body) {
        String conversation = "bad-" + UUID.randomUUID();

        Response response = this.client.post("/v1/conversations/" + conversation + "/messages", body);

        assertProblem(response, 400);
        assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void longFormWritingWithoutAnLlmIsRefusedUpFrontAndBadRequestsAreProblems() {
        String conversation = "write-" + UUID.randomUUID();

        // the e2e stack runs without an LLM: writing 10,000 words extractively would not
        // be honest
        Response refused = this.client.post("/v1/conversations/" + conversation + "/writings",
                "{\"instruction\":\"A report on our project\",\"targetWords\":10000}");
        Response tooLong = this.client.post("/v1/conversations/" + conversation + "/writings",
                "{\"instruction\":\"A report\",\"targetWords\":50001}");

        assertProblem(refused, 503);
        assertThat(refused.json().path("type").asString()).endsWith("writing-unavailable");
        assertProblem(tooLong, 400);
        assertThat(tooLong.json().path("errors").toString()).contains("targetWords");
    }

    @Test
    void oversizedContentIsRejected() {
        String conversation = "big-" + UUID.randomUUID();
        String content = "x".repeat(32_001);

        Response response = this.client.post("/v1/conversations/" + conversation + "/messages",
                "{\"role\":\"user\",\"content\":\"" + content + "\"}");

        assertProblem(response, 400);
        assertThat(response.json().path("errors").toString()).contains("content");
        assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void anImportWithOneBadMessageStoresNoneOfThem() {
        String conversation = "badimport-" + UUID.randomUUID();

        Response response = this.client.post("/v1/conversations/" + conversation + "/messages:import",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"fine\"},{\"role\":\"wizard\",\"content\":\"no\"}]}");

        assertProblem(response, 400);
        assertThat(response.json().path("errors").toString()).contains("messages[1].role");
        assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(404);
    }

    @Test
    void anInvalidConversationIdIsRejected() {
        Response response = this.client.post("/v1/conversations/" + "a%20b" + "/messages",
                "{\"role\":\"user\",\"content\":\"hi\"}");

        assertProblem(response, 400);
    }

    @Test
    void missingOrWrongKeysAreUnauthorized() {
        String path = "/v1/conversations/any/messages";

        assertProblem(this.client.withKey(null).get(path), 401);
        assertProblem(this.client.withKey("sk-skein-" + "0".repeat(40)).get(path), 401);
    }

    @Test
    void anotherTenantsConversationIsNotFound() {
        String conversation = "private-" + UUID.randomUUID();
        Response stored = this.client.post("/v1/conversations/" + conversation + "/messages",
                "{\"role\":\"user\",\"content\":\"My bank PIN hint is the cat's birthday.\",\"reply\":false}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        SkeinClient other = SkeinStack.get().newTenant();

        assertProblem(other.get("/v1/conversations/" + conversation), 404);
        assertProblem(other.get("/v1/conversations/" + conversation + "/messages"), 404);
        assertProblem(other.post("/v1/conversations/" + conversation + "/memory:search", "{\"query\":\"PIN\"}"), 404);
        assertProblem(other.delete("/v1/conversations/" + conversation), 404);
        assertThat(this.client.get("/v1/conversations/" + conversation).status()).isEqualTo(200);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).startsWith("https://skein.dev/problems/");
    }

}
