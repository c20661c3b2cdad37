package dev.skein.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server answering given paths as Skein's gateway would, for the tests of
 * the client and of the adapters built on it (published in skein-client's test-jar); the
 * real API is exercised by the e2e tests. It records every request it receives, in order.
 */
public final class StubSkein implements AutoCloseable {

    private final HttpServer server;

    private final List<Request> received = new CopyOnWriteArrayList<>();

    private StubSkein(HttpServer server) {
        this.server = server;
    }

    /** A server on a free port of the loopback interface, answering nothing yet. */
    public static StubSkein start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
            return new StubSkein(server);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Answers the path (and the paths under it, as HttpServer contexts match) with a
     * status and a JSON body; a problem from 400 on, no body for a 204.
     */
    public StubSkein answer(String path, int status, String body) {
        return answer(path, request -> new Reply(status, body, Map.of()));
    }

    /** Answers the path with what the answer makes of each request. */
    public StubSkein answer(String path, Answer answer) {
        this.server.createContext(path, exchange -> {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            this.received.add(request);
            Reply reply = answer.reply(request);
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            if (reply.status() == 204) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                .set("Content-Type", reply.status() >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        return this;
    }

    /**
     * The requests received so far, each as "METHOD URI" and its body after a space if
     * any.
     */
    public List<String> requests() {
        return this.received.stream().map(Request::toString).toList();
    }

    /** The requests received so far, each as "METHOD URI" without its body. */
    public List<String> requestLines() {
        return this.received.stream().map(Request::line).toList();
    }

    /** The bodies of the requests received so far ("" for none). */
    public List<String> bodies() {
        return this.received.stream().map(Request::body).toList();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** A client of this server. */
    public SkeinClient client() {
        return SkeinClient.builder().baseUrl(baseUrl()).apiKey("key").build();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    /** What the server answers to a request. */
    @FunctionalInterface
    public interface Answer {

        Reply reply(Request request);

    }

    public record Request(String method, String uri, String body) {

        public String line() {
            return this.method + " " + this.uri;
        }

        @Override
        public String toString() {
            return this.body.isEmpty() ? line() : line() + " " + this.body;
        }

    }

    /** A status, a JSON body (a problem from 400 on) and any further response headers. */
    public record Reply(int status, String body, Map<String, String> headers) {

        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of());
        }

    }

}
