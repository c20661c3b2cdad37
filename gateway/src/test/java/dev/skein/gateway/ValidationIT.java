package dev.skein.gateway;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.skein.contracts.TurnCompleted;
import dev.skein.contracts.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is answered with a problem naming the field, and changes nothing anywhere.
 */
class ValidationIT extends AbstractGatewayIT {

    private String apiKey;

    private String conversation;

    @BeforeEach
    void newTenant() {
        this.apiKey = newApiKey(newId("tenant"));
        this.conversation = newId("conv");
    }

    @Test
    void badJsonIsMalformed() {
        assertRejected(post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":"), "malformed-request");
    }

    @Test
    void oversizedContentIsNamed() {
        String content = "x".repeat(32_001);
        HttpResponse<String> response = post(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"" + content + "\"}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("content");
    }

    @Test
    void unknownRoleIsNamed() {
        HttpResponse<String> response = post(messages(), this.apiKey, "{\"role\":\"wizard\",\"content\":\"hi\"}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("role");
    }

    @Test
    void everyBadFieldIsNamed() {
        HttpResponse<String> response = post(messages(), this.apiKey, """
                {"role":"user","content":"  ","speaker":"%s","externalId":"%s","createdAt":"yesterday",
                 "metadata":{"blob":"%s"}}""".formatted("s".repeat(129), "e".repeat(129), "m".repeat(8200)));

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactlyInAnyOrder("content", "speaker",
                "externalId", "createdAt", "metadata");
    }

    @Test
    void wrongTypeIsNamed() {
        HttpResponse<String> response = post(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"hi\",\"metadata\":[1,2]}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("metadata");
    }

    @Test
    void badConversationIdIsNamed() {
        this.conversation = "bad%20id";
        HttpResponse<String> response = post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":\"hi\"}");

        assertThat(errorFields(assertProblem(response, 400, "validation"))).containsExactly("conversationId");
        assertThat(memory.callsFor("bad id")).isEmpty();
    }

    @Test
    void tooLongConversationIdIsNamed() {
        this.conversation = "c".repeat(129);
        HttpResponse<String> response = post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":\"hi\"}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("conversationId");
    }

    @Test
    void nulInAChatTurnIsRejectedBeforeItReachesKafka() {
        HttpResponse<String> response = post(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"hi\\u0000there\"}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("content");
    }

    @Test
    void nulOrALoneSurrogateInAnyTextFieldIsNamed() {
        HttpResponse<String> response = post(messages(), this.apiKey, """
                {"role":"user","content":"fine","speaker":"a\\u0000","externalId":"\\ud800x",
                 "metadata":{"tags":["ok",{"deep":"\\u0000"}]}}""");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactlyInAnyOrder("speaker",
                "externalId", "metadata");
    }

    @Test
    void nulInAMetadataKeyOrAnInfiniteNumberIsNamed() {
        assertThat(errorFields(assertRejected(
                post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"k\\u0000\":1}}"),
                "validation")))
            .containsExactly("metadata");
        assertThat(errorFields(assertRejected(
                post(messages(), this.apiKey, "{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"n\":1e400}}"),
                "validation")))
            .containsExactly("metadata");
    }

    @Test
    void blankSpeakerOrExternalIdAndTimesOutsideYearsOneTo9999AreNamed() {
        HttpResponse<String> response = post(messages(), this.apiKey, """
                {"role":"user","content":"x","speaker":" ","externalId":"  ","createdAt":"+10000-01-01T00:00:00Z"}""");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactlyInAnyOrder("speaker",
                "externalId", "createdAt");
    }

    @Test
    void nulInAnImportNamesTheItem() {
        HttpResponse<String> response = post(messages() + ":import", this.apiKey, """
                {"messages":[{"role":"user","content":"a"},{"role":"user","content":"b","externalId":"e\\u0000"},
                             {"role":"user","content":"c\\u0000"}]}""");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("messages[1].externalId",
                "messages[2].content");
    }

    @Test
    void dotSegmentsAreRejectedAsConversationIds() throws Exception {
        String body = "{\"role\":\"user\",\"content\":\"hi\"}";
        for (String id : List.of("%2E%2E", "%2e%2E", "%2E", "..", ".")) {
            Raw raw = raw("POST /v1/conversations/" + id + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + this.apiKey + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(raw.status()).as(id + ": " + raw.text()).isEqualTo(400);
            assertThat(raw.text()).contains("application/problem+json", "\"field\":\"conversationId\"");
        }
        assertThat(errorFields(assertProblem(get("/v1/conversations/%2E%2E", this.apiKey), 400, "validation")))
            .containsExactly("conversationId");
        assertThat(errorFields(assertProblem(post("/v1/conversations/%2E%2E/messages:import", this.apiKey,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"), 400, "validation")))
            .containsExactly("conversationId");
        assertThat(memory.calls()).noneMatch(call -> call.path().contains("/conversations/."));
    }

    @Test
    void dotSegmentsAreRejectedAsConversationIdsOfTheOpenAiEndpoint() {
        HttpResponse<String> byHeader = send(request("/v1/chat/completions", this.apiKey)
            .header("Content-Type", "application/json")
            .header("X-Conversation-Id", "..")
            .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build());
        HttpResponse<String> byUser = post("/v1/chat/completions", this.apiKey,
                "{\"user\":\".\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        // OpenAI's error shape on this path, the problem's field errors kept inside it
        assertThat(errorFields(assertOpenAiError(byHeader, 400, "validation"))).containsExactly("X-Conversation-Id");
        assertThat(errorFields(assertOpenAiError(byUser, 400, "validation"))).containsExactly("user");
    }

    @Test
    void nulInAnOpenAiMessageIsNamedAsTheClientSentIt() {
        this.conversation = newId("conv");
        HttpResponse<String> response = send(
                request("/v1/chat/completions", this.apiKey).header("Content-Type", "application/json")
                    .header("X-Conversation-Id", this.conversation)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\\u0000\",\"name\":\"n\\u0000\"}]}"))
                    .build());

        // OpenAI's error shape on this path, the problem's field errors kept inside it
        assertThat(errorFields(assertOpenAiError(response, 400, "validation")))
            .containsExactlyInAnyOrder("messages[0].content", "messages[0].name");
        assertNothingHappened();
    }

    @Test
    void pathsTomcatRefusesAreProblems() throws Exception {
        for (String path : List.of("/v1/conversations/a%2Fb/messages", "/v1/conversations/a%00b/messages",
                "/v1/conversations/a\\b/messages", "/v1/conversations/a%5Cb")) {
            Raw raw = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + this.apiKey
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(raw.status()).as(path + ": " + raw.text()).isEqualTo(400);
            assertThat(raw.text()).contains("Content-Type: application/problem+json",
                    "https://skein.dev/problems/malformed-request");
        }
    }

    @Test
    void unknownPathsAreNotFoundProblems() {
        assertProblem(get("/v1/nothing/here", this.apiKey), 404, "not-found");
        assertProblem(send(request("/nothing", null).header("Accept", "text/html").GET().build()), 404, "not-found");
        assertProblem(get("/v1/nothing/here", null), 401, "unauthorized");
    }

    @Test
    void nulInASearchQueryIsNamed() {
        HttpResponse<String> response = post("/v1/conversations/" + this.conversation + "/memory:search", this.apiKey,
                "{\"query\":\"where\\u0000\"}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("query");
    }

    @Test
    void replyForAnAssistantMessageIsRejected() {
        HttpResponse<String> response = post(messages(), this.apiKey,
                "{\"role\":\"assistant\",\"content\":\"hello\",\"reply\":true}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("reply");
    }

    @Test
    void badStreamedMessageIsAProblemResponse() {
        HttpResponse<String> response = send(request(messages(), this.apiKey).header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"user\",\"content\":\"\",\"stream\":true}"))
            .build());

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("content");
    }

    @Test
    void importNamesTheIndexOfTheBadItem() {
        HttpResponse<String> response = post(messages() + ":import", this.apiKey, """
                {"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},
                             {"role":"user","content":"c"},{"role":"robot","content":"d"}]}""");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("messages[3].role");
    }

    @Test
    void emptyImportIsRejected() {
        HttpResponse<String> response = post(messages() + ":import", this.apiKey, "{\"messages\":[]}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactly("messages");
    }

    @Test
    void searchValidatesQueryAndTopK() {
        HttpResponse<String> response = post("/v1/conversations/" + this.conversation + "/memory:search", this.apiKey,
                "{\"query\":\" \",\"topK\":51}");

        assertThat(errorFields(assertRejected(response, "validation"))).containsExactlyInAnyOrder("query", "topK");
        assertThat(retrieval.callsFor(this.conversation)).isEmpty();
    }

    @Test
    void bodyOverTheLimitIsRejectedByContentLength() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + messages() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer "
                    + this.apiKey + "\r\nContent-Type: application/json\r\n" + "Content-Length: 20000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            StringBuilder rest = new StringBuilder();
            char[] buffer = new char[4096];
            int n = in.read(buffer);
            rest.append(buffer, 0, Math.max(n, 0));

            assertThat(statusLine).startsWith("HTTP/1.1 413");
            assertThat(rest.toString()).contains("https://skein.dev/problems/payload-too-large");
        }
        assertNothingHappened();
    }

    @Test
    void chunkedBodyOverTheLimitIsRejected() {
        int size = 16 * 1024 * 1024 + 64 * 1024;
        HttpRequest request = request(messages(), this.apiKey).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new JsonMessageStream(size)))
            .build();

        assertRejected(send(request), "payload-too-large");
    }

    private Raw raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new Raw(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private record Raw(String text) {

        int status() {
            return Integer.parseInt(this.text.substring(9, 12));
        }

    }

    private String messages() {
        return "/v1/conversations/" + this.conversation + "/messages";
    }

    private JsonNode assertRejected(HttpResponse<String> response, String type) {
        int status = "payload-too-large".equals(type) ? 413 : 400;
        JsonNode problem = assertProblem(response, status, type);
        assertNothingHappened();
        return problem;
    }

    /**
     * Nothing reached the memory-service, and nothing was produced: the first
     * TurnRequested of the conversation is a later, valid marker message (one partition
     * keeps the order).
     */
    private void assertNothingHappened() {
        assertThat(memory.callsFor(this.conversation)).isEmpty();
        assertThat(retrieval.callsFor(this.conversation)).isEmpty();
        if (!this.conversation.matches("[A-Za-z0-9._:-]{1,128}")) {
            return;
        }
        CompletableFuture<HttpResponse<String>> marker = postAsync(messages(), this.apiKey,
                "{\"role\":\"user\",\"content\":\"marker\"}");
        Requested requested = nextTurnRequested(this.conversation);
        assertThat(requested.event().message().content()).isEqualTo("marker");
        produce(new TurnCompleted(UUID.randomUUID(), Instant.now(), requested.event().tenantId(), this.conversation,
                requested.event().turnId(), UUID.randomUUID(), 2, "ok", "extractive", List.of(), new Usage(1, 1, 0, 1),
                0));
        assertThat(marker.join().statusCode()).isEqualTo(200);
    }

    /**
     * {"role":"user","content":"xxxx..."} of the given size, of unknown length (sent
     * chunked).
     */
    private static final class JsonMessageStream extends InputStream {

        private static final byte[] HEAD = "{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.US_ASCII);

        private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

        private final int size;

        private int position;

        JsonMessageStream(int size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (this.position >= this.size) {
                return -1;
            }
            int i = this.position++;
            if (i < HEAD.length) {
                return HEAD[i];
            }
            int fromEnd = this.size - i;
            return fromEnd <= TAIL.length ? TAIL[TAIL.length - fromEnd] : 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (this.position >= this.size) {
                return -1;
            }
            int n = Math.min(length, this.size - this.position);
            for (int k = 0; k < n; k++) {
                buffer[offset + k] = (byte) read();
            }
            return n;
        }

    }

}
