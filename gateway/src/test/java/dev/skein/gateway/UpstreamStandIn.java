package dev.skein.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.skein.platform.auth.InvalidServiceTokenException;
import dev.skein.platform.auth.ServiceToken;
import dev.skein.platform.auth.ServiceTokens;

/**
 * Plays the internal HTTP API of another Skein service (memory, retrieval or generation)
 * on 127.0.0.1: checks the service token of each call as the real service does (the
 * platform's {@link ServiceTokens}: 401 without a valid one, 403 for another tenant's),
 * answers with stubbed JSON per method and path, records every call, and answers 404
 * problems otherwise.
 */
final class UpstreamStandIn {

    /** {@code token}: the call's verified service token, null when it was refused. */
    record Call(String method, String path, String query, String body, String correlationId, ServiceToken token) {
    }

    private static final Pattern TENANT_PATH = Pattern.compile("/internal/tenants/([^/]+)/.*");

    private record Stub(int status, String json, Duration delay) {
    }

    private final HttpServer server;

    private final ServiceTokens tokens;

    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();

    private UpstreamStandIn(HttpServer server, ServiceTokens tokens) {
        this.server = server;
        this.tokens = tokens;
    }

    /**
     * @param service the service played: the audience of the tokens it accepts
     * @param secret the secret the gateway signs with
     */
    static UpstreamStandIn start(String service, String secret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            UpstreamStandIn standIn = new UpstreamStandIn(server, new ServiceTokens(service, secret));
            server.createContext("/", standIn::handle);
            // calls are answered in parallel, so a slow stub holds up only its own
            // callers
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return standIn;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    void stub(String method, String path, int status, String json) {
        stub(method, path, status, json, Duration.ZERO);
    }

    /** Answers after {@code delay}, as a callee busy with the work would. */
    void stub(String method, String path, int status, String json, Duration delay) {
        this.stubs.put(method + " " + path, new Stub(status, json, delay));
    }

    List<Call> calls() {
        return List.copyOf(this.calls);
    }

    /** The calls whose path mentions the given conversation id, in arrival order. */
    List<Call> callsFor(String conversationId) {
        return this.calls.stream().filter(call -> call.path().contains("/conversations/" + conversationId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        ServiceToken token = admitted(exchange.getRequestHeaders().getFirst("Authorization"), path);
        this.calls.add(new Call(method, path, exchange.getRequestURI().getQuery(), body,
                exchange.getRequestHeaders().getFirst("X-Correlation-Id"), token));
        Stub stub = token == null
                ? new Stub(401, "{\"type\":\"https://skein.dev/problems/unauthorized\",\"status\":401}", Duration.ZERO)
                : this.stubs.getOrDefault(method + " " + path, new Stub(404,
                        "{\"type\":\"https://skein.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"No conversation here.\"}",
                        Duration.ZERO));
        if (!stub.delay().isZero()) {
            try {
                Thread.sleep(stub.delay().toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = stub.json() == null ? new byte[0] : stub.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
            .set("Content-Type", stub.status() >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(stub.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * The verified token when it is for this service and the path's tenant (none for a
     * path without one), else null.
     */
    private ServiceToken admitted(String authorization, String path) {
        try {
            ServiceToken token = this.tokens.verify(
                    authorization == null || !authorization.startsWith("Bearer ") ? null : authorization.substring(7));
            Matcher match = TENANT_PATH.matcher(path);
            return Objects.equals(match.matches() ? match.group(1) : null, token.tenant()) ? token : null;
        }
        catch (InvalidServiceTokenException ex) {
            return null;
        }
    }

}
