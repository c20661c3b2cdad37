package dev.skein.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny OTLP/HTTP collector: takes the spans the services export
 * ({@code POST /v1/traces}, protobuf) and keeps them in memory. It reads only the fields
 * a test needs (ids, parent, name, kind, times, the service's name) straight from the
 * protobuf wire format, so the tests need no protobuf library.
 */
final class OtlpReceiver {

    private final HttpServer server;

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", receiver::handle);
            server.start();
            return receiver;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot listen for spans on port " + port, ex);
        }
    }

    void stop() {
        this.server.stop(0);
    }

    List<ReceivedSpan> ofTrace(String traceId) {
        return this.spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            this.spans.addAll(exportRequest(body));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** ExportTraceServiceRequest: resource_spans = 1. */
    static List<ReceivedSpan> exportRequest(byte[] message) {
        List<ReceivedSpan> found = new ArrayList<>();
        for (Field field : Field.all(message)) {
            if (field.number() == 1) {
                resourceSpans(field.bytes(), found);
            }
        }
        return found;
    }

    /** ResourceSpans: resource = 1 (attributes = 1), scope_spans = 2 (spans = 2). */
    private static void resourceSpans(byte[] message, List<ReceivedSpan> found) {
        String service = "";
        List<byte[]> scopes = new ArrayList<>();
        for (Field field : Field.all(message)) {
            if (field.number() == 1) {
                for (Field attribute : Field.all(field.bytes())) {
                    if (attribute.number() == 1) {
                        String[] keyValue = keyValue(attribute.bytes());
                        if ("service.name".equals(keyValue[0])) {
                            service = keyValue[1];
                        }
                    }
                }
            }
            else if (field.number() == 2) {
                scopes.add(field.bytes());
            }
        }
        for (byte[] scope : scopes) {
            for (Field field : Field.all(scope)) {
                if (field.number() == 2) {
                    found.add(span(service, field.bytes()));
                }
            }
        }
    }

    /** KeyValue: key = 1, value = 2 (AnyValue: string_value = 1). */
    private static String[] keyValue(byte[] message) {
        String key = "";
        String value = "";
        for (Field field : Field.all(message)) {
            if (field.number() == 1) {
                key = field.string();
            }
            else if (field.number() == 2) {
                for (Field any : Field.all(field.bytes())) {
                    if (any.number() == 1) {
                        value = any.string();
                    }
                }
            }
        }
        return new String[] { key, value };
    }

    /**
     * Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, start = 7,
     * end = 8.
     */
    private static ReceivedSpan span(String service, byte[] message) {
        String traceId = "";
        String spanId = "";
        String parentId = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        for (Field field : Field.all(message)) {
            switch (field.number()) {
                case 1 -> traceId = HexFormat.of().formatHex(field.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(field.bytes());
                case 4 -> parentId = HexFormat.of().formatHex(field.bytes());
                case 5 -> name = field.string();
                case 6 -> kind = (int) field.number64();
                case 7 -> start = field.number64();
                case 8 -> end = field.number64();
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parentId, name, Kind.of(kind), start, end);
    }

    enum Kind {

        UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

        static Kind of(int number) {
            return number >= 0 && number < values().length ? values()[number] : UNSPECIFIED;
        }

    }

    record ReceivedSpan(String service, String traceId, String spanId, String parentId, String name, Kind kind,
            long startNanos, long endNanos) {

        boolean isRoot() {
            return this.parentId.isEmpty();
        }

        double millis() {
            return (this.endNanos - this.startNanos) / 1e6;
        }

    }

    /**
     * One field of a protobuf message: a varint or fixed number, or length-delimited
     * bytes.
     */
    private record Field(int number, long number64, byte[] bytes) {

        String string() {
            return new String(this.bytes, StandardCharsets.UTF_8);
        }

        static List<Field> all(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int[] at = { 0 };
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, varint(message, at), new byte[0]));
                    case 1 -> {
                        fields.add(new Field(number, little(message, at[0], 8), new byte[0]));
                        at[0] += 8;
                    }
                    case 2 -> {
                        int length = (int) varint(message, at);
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length);
                        bytes.write(message, at[0], length);
                        fields.add(new Field(number, 0, bytes.toByteArray()));
                        at[0] += length;
                    }
                    case 5 -> {
                        fields.add(new Field(number, little(message, at[0], 4), new byte[0]));
                        at[0] += 4;
                    }
                    default -> throw new IllegalArgumentException("Unknown protobuf wire type in tag " + tag);
                }
            }
            return fields;
        }

        private static long varint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = message[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Malformed varint");
        }

        private static long little(byte[] message, int at, int size) {
            long value = 0;
            for (int i = size - 1; i >= 0; i--) {
                value = (value << 8) | (message[at + i] & 0xffL);
            }
            return value;
        }

    }

}
