package dev.skein.gateway.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * What the client sees of an internal call that failed: 400 and 404 problems are passed on (they
 * are about the client's request); anything else becomes {@code upstream-unavailable} without
 * internals, which go to the log under the correlation id.
 */
@Component
class UpstreamErrors {

    private static final Logger log = LoggerFactory.getLogger(UpstreamErrors.class);

    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final JsonMapper jsonMapper;

    UpstreamErrors(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RestClientException ex) {
            log.warn("Internal call {} failed: {}", what, ex.toString());
            throw Problems.upstreamUnavailable();
        }
    }

    void onErrorStatus(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 400 || status == 404) {
            throw new ProblemException(passedOn(status, response));
        }
        log.warn("Internal call {} {} answered {}", request.getMethod(), request.getURI().getPath(), status);
        throw Problems.upstreamUnavailable();
    }

    private ProblemDetail passedOn(int status, ClientHttpResponse response) throws IOException {
        Map<?, ?> body = readBody(response);
        String type = text(body.get("type"));
        ProblemDetail problem = Problems.of(response.getStatusCode(),
                status == 404 ? Problems.NOT_FOUND : Problems.VALIDATION,
                status == 404 ? "Not found" : "Invalid request",
                text(body.get("detail")) != null ? text(body.get("detail"))
                        : status == 404 ? "Not found." : "The request was rejected.");
        if (type != null && type.startsWith(Problems.BASE)) {
            problem.setType(URI.create(type));
            if (text(body.get("title")) != null) {
                problem.setTitle(text(body.get("title")));
            }
        }
        if (body.get("errors") != null) {
            problem.setProperty("errors", body.get("errors"));
        }
        return problem;
    }

    private Map<?, ?> readBody(ClientHttpResponse response) {
        try (InputStream in = response.getBody()) {
            byte[] bytes = in.readNBytes(MAX_PROBLEM_BYTES);
            return bytes.length == 0 ? Map.of() : this.jsonMapper.readValue(bytes, Map.class);
        }
        catch (IOException | RuntimeException ex) {
            return Map.of();
        }
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
