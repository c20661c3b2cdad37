package dev.skein.platform.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.platform.auth.ServiceTokens;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstancesTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final ServiceTokens GATEWAY = new ServiceTokens("gateway",
            "instances-tests-secret-0123456789-abcdef");

    private static final String STATUS = "{\"conversationUid\":null,\"lastSequence\":0}";

    private final List<HttpServer> servers = new ArrayList<>();

    private final List<ServerSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        this.servers.forEach(server -> server.stop(0));
        for (ServerSocket socket : this.sockets) {
            socket.close();
        }
    }

    @Test
    void aConnectionNeverMadeIsToldFromOneThatBrokeAfterTheRequestWasSent() {
        assertThat(Instances.neverSent(new IOException(new ConnectTimeoutException("connect timed out")))).isTrue();
        assertThat(Instances.neverSent(new ConnectException("refused"))).isTrue();
        assertThat(Instances.neverSent(new IOException(new SocketTimeoutException("read timed out")))).isFalse();
    }

    @Test
    void spreadsCallsOverTheInstancesInTurn() throws IOException {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        MemoryApi memory = memory(List.of(live(a), live(b)));

        for (int i = 0; i < 6; i++) {
            memory.status("t1", "c1");
        }

        assertThat(a).hasValue(3);
        assertThat(b).hasValue(3);
    }

    @Test
    void anInstanceThatRefusesConnectionsIsSkippedEvenForAPost() throws IOException {
        AtomicInteger live = new AtomicInteger();
        MemoryApi memory = memory(List.of(closedPort(), live(live)));

        for (int i = 0; i < 4; i++) {
            memory.importMessages("t1", "c1", new ImportRequest(List.of()));
        }

        // nothing reached the dead one, so every call, a POST too, was sent again
        assertThat(live).hasValue(4);
    }

    @Test
    void aPostWhoseConnectionBrokeAfterItWasSentIsNotSentAgain() throws IOException {
        AtomicInteger live = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        MemoryApi memory = memory(List.of(hangsUp(received), live(live)));

        assertThatExceptionOfType(UpstreamUnavailableException.class)
            .isThrownBy(() -> memory.importMessages("t1", "c1", new ImportRequest(List.of())));

        assertThat(received).hasValue(1);
        assertThat(live).hasValue(0);
    }

    @Test
    void aGetWhoseConnectionBrokeIsSentToTheNextInstance() throws IOException {
        AtomicInteger live = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        MemoryApi memory = memory(List.of(hangsUp(received), live(live)));

        memory.status("t1", "c1");

        // the JDK's client itself sends a GET a second time on a new connection first
        assertThat(received).hasPositiveValue();
        assertThat(live).hasValue(1);
    }

    @Test
    void anInstanceThatRefusedIsLeftOutUntilItsTimeIsUp() throws IOException {
        AtomicLong clock = new AtomicLong(1_000);
        Instances instances = new Instances("memory-service",
                List.of(URI.create("http://a"), URI.create("http://b"), URI.create("http://c")), Duration.ofNanos(500),
                clock::get);
        List<String> tried = new ArrayList<>();
        ClientHttpRequestExecution bIsDown = (request, body) -> {
            tried.add(request.getURI().getHost());
            if (request.getURI().getHost().equals("b")) {
                throw new ConnectException("Connection refused");
            }
            return new MockClientHttpResponse(new byte[0], HttpStatus.OK);
        };
        MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.POST, URI.create("http://a/internal/x"));

        for (int i = 0; i < 2; i++) {
            instances.intercept(request, new byte[0], bIsDown);
        }
        assertThat(tried).containsExactly("a", "b", "c");

        tried.clear();
        for (int i = 0; i < 6; i++) {
            instances.intercept(request, new byte[0], bIsDown);
        }
        assertThat(tried).hasSize(6).doesNotContain("b");

        clock.addAndGet(501);
        tried.clear();
        for (int i = 0; i < 3; i++) {
            instances.intercept(request, new byte[0], bIsDown);
        }
        assertThat(tried).containsOnlyOnce("b");
    }

    private MemoryApi memory(List<URI> urls) {
        return InternalClients.standalone(GATEWAY).create(MemoryApi.class, urls, TIMEOUT, TIMEOUT);
    }

    private URI live(AtomicInteger calls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                calls.incrementAndGet();
                String body = exchange.getRequestMethod().equals("POST") ? "{\"imported\":0}" : STATUS;
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        this.servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Takes the request, then closes the connection without an answer: a crash mid-call.
     */
    private URI hangsUp(AtomicInteger received) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.sockets.add(socket);
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    byte[] buffer = new byte[8192];
                    if (in.read(buffer) > 0) {
                        received.incrementAndGet();
                    }
                }
                catch (IOException ex) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

}
