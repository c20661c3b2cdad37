package dev.skein.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Plays the internal HTTP API of another Skein service (memory or retrieval) on
 * 127.0.0.1: answers with stubbed JSON per method and path, records every call, and
 * answers 404 problems otherwise.
 */
final class UpstreamStandIn {

    record Call(String method, String path, String query, String body, String correlationId) {
    }

    private record Stub(int status, String json, Duration delay) {
    }

    private final HttpServer server;

    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();

    private UpstreamStandIn(HttpServer server) {
        this.server = server;
    }

    static UpstreamStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            UpstreamStandIn standIn = new UpstreamStandIn(server);
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
        this.calls.add(new Call(method, path, exchange.getRequestURI().getQuery(), body,
                exchange.getRequestHeaders().getFirst("X-Correlation-Id")));
        Stub stub = this.stubs.getOrDefault(method + " " + path,
                new Stub(404,
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

}
