package dev.skein.platform.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skein.contracts.internal.Erased;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.LongInputQuery;
import dev.skein.contracts.internal.SearchRequest;
import dev.skein.contracts.internal.SearchResponse;
import dev.skein.contracts.internal.TranscriptResponse;
import dev.skein.platform.auth.ServiceToken;
import dev.skein.platform.auth.ServiceTokens;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InternalClientsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String CONVERSATION = "/internal/tenants/t1/conversations/c1";

    private static final String SECRET = "internal-clients-tests-secret-0123456789";

    private static final ServiceTokens GATEWAY = new ServiceTokens("gateway", SECRET);

    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    private HttpServer server;

    private volatile int status = 200;

    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void readsTheTypedAnswerAndSendsTheCorrelationId() {
        answer(200, "{\"messages\":[],\"nextCursor\":\"7\"}");

        TranscriptResponse page;
        try (Correlation.Scope ignored = Correlation.open("corr-1")) {
            page = memory().transcript("t1", "c1", null, 20);
        }

        assertThat(page.nextCursor()).isEqualTo("7");
        assertThat(page.messages()).isEmpty();
        Call call = this.calls.remove();
        assertThat(call.path()).isEqualTo(CONVERSATION + "/messages");
        // an absent cursor is left out, not sent empty
        assertThat(call.query()).isEqualTo("limit=20");
        assertThat(call.correlationId()).isEqualTo("corr-1");
    }

    @Test
    void leavesAbsentOptionalFieldsOutOfARequestBody() {
        answer(200, "{\"evidence\":[],\"windows\":1,\"documentTokens\":3}");

        retrieval().longInputSearch("t1", new LongInputQuery("q", "text", null, 128, null));

        assertThat(this.calls.remove().body()).isEqualTo("{\"question\":\"q\",\"text\":\"text\",\"cacheTokens\":128}");
    }

    @Test
    void signsEveryCallForTheCalleeAndTheTenantOfItsPath() {
        answer(200, "{\"messages\":[],\"nextCursor\":null}");
        memory().transcript("tenant ä", "c1", null, null);
        answer(204, null);
        retrieval().erase("t2", "c1", null);

        Call transcript = this.calls.remove();
        assertThat(transcript.path()).isEqualTo("/internal/tenants/tenant ä/conversations/c1/messages");
        ServiceToken token = verifiedAs("memory-service", transcript);
        assertThat(token.issuer()).isEqualTo("gateway");
        // the decoded path variable, as the callee's controller reads it
        assertThat(token.tenant()).isEqualTo("tenant ä");
        assertThat(token.expiresAt()).isEqualTo(token.issuedAt().plusSeconds(60));
        assertThat(verifiedAs("retrieval-service", this.calls.remove()).tenant()).isEqualTo("t2");
    }

    @Test
    void aCallThatConcernsNoTenantCarriesATokenWithoutOne() {
        answer(200, "{\"available\":true,\"reason\":null}");

        InternalClients.standalone(GATEWAY).create(GenerationApi.class, url(), TIMEOUT, TIMEOUT).writingSupport();

        ServiceToken token = verifiedAs("generation-service", this.calls.remove());
        assertThat(token.tenant()).isNull();
    }

    @Test
    void theTenantIsReadAfterTheBaseUrlsPath() {
        answer(200, "{\"messages\":[],\"nextCursor\":null}");
        URI behindAProxy = URI.create(url() + "/internal/tenants/proxy/");

        InternalClients.standalone(GATEWAY)
            .create(MemoryApi.class, behindAProxy, TIMEOUT, TIMEOUT)
            .transcript("t3", "c1", null, null);

        Call call = this.calls.remove();
        assertThat(call.path()).isEqualTo("/internal/tenants/proxy/internal/tenants/t3/conversations/c1/messages");
        assertThat(verifiedAs("memory-service", call).tenant()).isEqualTo("t3");
    }

    @Test
    void aClientWithoutTokensSendsNone() {
        answer(204, null);

        InternalClients.standalone(null).create(RetrievalApi.class, url(), TIMEOUT, TIMEOUT).erase("t1", "c1", null);

        assertThat(this.calls.remove().authorization()).isNull();
    }

    @Test
    void aRefusedTokenIsUnavailableForTheCaller() {
        answer(401, "{\"type\":\"https://skein.dev/problems/unauthorized\",\"status\":401}");

        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> memory().erase("t1", "c1"))
            .satisfies(ex -> assertThat(ex.problem().getStatus()).isEqualTo(503));
    }

    @Test
    void passesAValidationProblemOnWithItsFieldErrors() {
        answer(400, """
                {"type":"https://skein.dev/problems/validation","title":"Invalid request","status":400,
                 "detail":"limit must be at most 500","errors":[{"field":"limit","message":"must be at most 500"}]}""");

        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> memory().transcript("t1", "c1", null, 501))
            .isNotInstanceOf(UpstreamUnavailableException.class)
            .satisfies(ex -> {
                assertThat(ex.problem().getStatus()).isEqualTo(400);
                assertThat(ex.problem().getType()).isEqualTo(Problems.type(Problems.VALIDATION));
                assertThat(ex.problem().getDetail()).isEqualTo("limit must be at most 500");
                assertThat(ex.problem().getProperties()).containsEntry("errors",
                        List.of(Map.of("field", "limit", "message", "must be at most 500")));
            });
    }

    @Test
    void passesANotFoundOnAsSkeinsNotFound() {
        answer(404, "{\"title\":\"Not Found\",\"status\":404}");

        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> memory().erase("t1", "c1")).satisfies(ex -> {
            assertThat(ex.problem().getStatus()).isEqualTo(404);
            assertThat(ex.problem().getType()).isEqualTo(Problems.type(Problems.NOT_FOUND));
            assertThat(ex.problem().getDetail()).isEqualTo("Not found.");
        });
    }

    @Test
    void passesAConflictOnWithItsFieldErrors() {
        answer(409, """
                {"type":"https://skein.dev/problems/conflict","title":"Conflict","status":409,
                 "detail":"messages[1].externalId already names another message",
                 "errors":[{"field":"messages[1].externalId","message":"already names another message"}]}""");

        assertThatExceptionOfType(ProblemException.class)
            .isThrownBy(() -> memory().importMessages("t1", "c1", new ImportRequest(List.of())))
            .isNotInstanceOf(UpstreamUnavailableException.class)
            .satisfies(ex -> {
                assertThat(ex.problem().getStatus()).isEqualTo(409);
                assertThat(ex.problem().getType()).isEqualTo(Problems.type(Problems.CONFLICT));
                assertThat(ex.problem().getProperties()).containsEntry("errors",
                        List.of(Map.of("field", "messages[1].externalId", "message", "already names another message")));
            });
    }

    @Test
    void anyOtherErrorIsUnavailableWithoutInternalsButKeepsTheStatusForTheCaller() {
        answer(500, "{\"detail\":\"org.postgresql.util.PSQLException: relation memory.x does not exist\"}");

        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> memory().erase("t1", "c1"))
            .satisfies(ex -> {
                assertThat(ex.upstreamStatus().value()).isEqualTo(500);
                assertThat(ex.problem().getStatus()).isEqualTo(503);
                assertThat(ex.problem().getType()).isEqualTo(Problems.type(Problems.UPSTREAM_UNAVAILABLE));
                assertThat(ex.problem().getDetail()).doesNotContain("PSQLException");
            });
    }

    @Test
    void aCalleeThatIsNotThereIsUnavailableWithoutAStatus() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        MemoryApi memory = InternalClients.standalone(GATEWAY).create(MemoryApi.class, closed, TIMEOUT, TIMEOUT);

        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> memory.erase("t1", "c1"))
            .satisfies(ex -> {
                assertThat(ex.upstreamStatus()).isNull();
                assertThat(ex.getCause()).isNotNull();
                assertThat(ex.problem().getStatus()).isEqualTo(503);
            });
    }

    @Test
    void anAnswerOfTheWrongShapeIsUnavailable() {
        answer(200, "[1, 2]");

        assertThatExceptionOfType(UpstreamUnavailableException.class).isThrownBy(() -> memory().erase("t1", "c1"));
    }

    @Test
    void aBodilessAnswerIsFineForAVoidCall() {
        answer(204, null);
        UUID uid = UUID.randomUUID();

        retrieval().erase("t1", "c1", uid);

        Call call = this.calls.remove();
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.query()).isEqualTo("conversationUid=" + uid);
    }

    @Test
    void readsAnAnswerWithMissingAndUnknownFields() {
        answer(200, "{\"results\":[{\"text\":\"Ann: level 3\",\"score\":0.9,\"addedLater\":true}]}");

        SearchResponse answer = retrieval().search("t1", "c1", new SearchRequest("car", null, null, null, null));

        assertThat(answer.results()).singleElement().satisfies(evidence -> {
            assertThat(evidence.text()).isEqualTo("Ann: level 3");
            assertThat(evidence.firstSequence()).isZero();
        });
        assertThat(answer.consistent()).isFalse();
        assertThat(this.calls.remove().body()).isEqualTo("{\"query\":\"car\"}");
    }

    @Test
    void readsARecordAnswer() {
        UUID uid = UUID.randomUUID();
        answer(200, "{\"conversationUid\":\"" + uid + "\"}");

        assertThat(memory().erase("t1", "c1")).isEqualTo(new Erased(uid));
    }

    private MemoryApi memory() {
        return InternalClients.standalone(GATEWAY).create(MemoryApi.class, url(), TIMEOUT, TIMEOUT);
    }

    private RetrievalApi retrieval() {
        return InternalClients.standalone(GATEWAY).create(RetrievalApi.class, url(), TIMEOUT, TIMEOUT);
    }

    /** The token of a call as its callee would verify it. */
    private static ServiceToken verifiedAs(String callee, Call call) {
        assertThat(call.authorization()).startsWith("Bearer ");
        return new ServiceTokens(callee, SECRET).verify(call.authorization().substring(7));
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    private void answer(int status, String json) {
        this.status = status;
        this.answer = json;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            this.calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst(Correlation.HTTP_HEADER),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            if (this.answer == null) {
                exchange.sendResponseHeaders(this.status, -1);
                return;
            }
            byte[] bytes = this.answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                .add("Content-Type", this.status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(this.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private record Call(String method, String path, String query, String body, String correlationId,
            String authorization) {
    }

}
