package dev.skein.platform.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClientException;
import org.springframework.web.service.invoker.HttpExchangeAdapter;
import org.springframework.web.service.invoker.HttpExchangeAdapterDecorator;
import org.springframework.web.service.invoker.HttpRequestValues;

/**
 * What a caller sees of an internal call that failed: 400, 404 and 409 problems are
 * passed on (they are about the client's request); anything else becomes
 * {@code upstream-unavailable} without internals, which go to the log under the
 * correlation id.
 */
class UpstreamErrors {

    private static final Logger log = LoggerFactory.getLogger(UpstreamErrors.class);

    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private final JsonMapper jsonMapper;

    UpstreamErrors(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** The status handler of every internal client: runs for each 4xx and 5xx answer. */
    void onErrorStatus(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 400 || status == 404 || status == 409) {
            throw new ProblemException(passedOn(status, response));
        }
        if (status == 401 || status == 403) {
            log.warn("Internal call {} {} answered {}: is SKEIN_INTERNAL_TOKEN_SECRET the same in every service?",
                    request.getMethod(), request.getURI().getPath(), status);
        }
        else {
            log.warn("Internal call {} {} answered {}", request.getMethod(), request.getURI().getPath(), status);
        }
        throw new UpstreamUnavailableException(response.getStatusCode(), null);
    }

    /**
     * No answer at all (refused, timed out) or one that cannot be read: the callee is
     * unavailable.
     */
    HttpExchangeAdapter translating(HttpExchangeAdapter adapter) {
        return new Translating(adapter);
    }

    private ProblemDetail passedOn(int status, ClientHttpResponse response) throws IOException {
        Map<?, ?> body = readBody(response);
        String type = text(body.get("type"));
        String detail = text(body.get("detail"));
        ProblemDetail problem = switch (status) {
            case 404 -> Problems.of(response.getStatusCode(), Problems.NOT_FOUND, "Not found",
                    detail != null ? detail : "Not found.");
            case 409 -> Problems.of(response.getStatusCode(), Problems.CONFLICT, "Conflict",
                    detail != null ? detail : "The request conflicts with what is stored.");
            default -> Problems.of(response.getStatusCode(), Problems.VALIDATION, "Invalid request",
                    detail != null ? detail : "The request was rejected.");
        };
        String title = text(body.get("title"));
        if (type != null && type.startsWith(Problems.BASE)) {
            problem.setType(URI.create(type));
            if (title != null) {
                problem.setTitle(title);
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

    private static @Nullable String text(@Nullable Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static final class Translating extends HttpExchangeAdapterDecorator {

        Translating(HttpExchangeAdapter delegate) {
            super(delegate);
        }

        @Override
        public void exchange(HttpRequestValues values) {
            call(values, () -> {
                super.exchange(values);
                return null;
            });
        }

        @Override
        public HttpHeaders exchangeForHeaders(HttpRequestValues values) {
            return call(values, () -> super.exchangeForHeaders(values));
        }

        @Override
        public <T> @Nullable T exchangeForBody(HttpRequestValues values, ParameterizedTypeReference<T> bodyType) {
            return call(values, () -> super.exchangeForBody(values, bodyType));
        }

        @Override
        public ResponseEntity<Void> exchangeForBodilessEntity(HttpRequestValues values) {
            return call(values, () -> super.exchangeForBodilessEntity(values));
        }

        @Override
        public <T> ResponseEntity<T> exchangeForEntity(HttpRequestValues values,
                ParameterizedTypeReference<T> bodyType) {
            return call(values, () -> super.exchangeForEntity(values, bodyType));
        }

        private static <T> T call(HttpRequestValues values, Supplier<T> exchange) {
            try {
                return exchange.get();
            }
            catch (RestClientException ex) {
                log.warn("Internal call {} {} failed: {}", values.getHttpMethod(), values.getUriTemplate(),
                        ex.toString());
                throw new UpstreamUnavailableException(null, ex);
            }
        }

    }

}
