package dev.skein.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors that never reach Spring MVC are problems too, in a real Tomcat: what Tomcat
 * refuses itself (before any filter), what ends on the container's error page, and the
 * 404 of an unknown path whatever the client accepts.
 */
@SpringBootTest(classes = ProblemsFromTomcatIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.application.name=platform-web-it",
                "skein.internal-auth.secret=platform-web-it-secret-0123456789abcdef",
                "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                        + "dev.skein.platform.kafka.PlatformKafkaAutoConfiguration" })
class ProblemsFromTomcatIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = { "/things/a%2Fb", "/things/a%00b", "/things/a\\b", "/things/a%5Cb", "/things/a{b",
            "/../../etc/passwd" })
    void whatTomcatRefusesIsAProblem(String path) throws IOException {
        Raw response = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertProblem(response, 400, Problems.MALFORMED_REQUEST);
    }

    @Test
    void headersOverTheLimitAreAProblem() throws IOException {
        Raw response = send("GET /things/a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertProblem(response, 400, Problems.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json", "text/html", "image/png" })
    void anUnknownPathIsANotFoundProblemWhateverTheClientAccepts(String accept) throws IOException {
        Raw response = send(
                "GET /nothing/here HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n");

        assertProblem(response, 404, Problems.NOT_FOUND);
    }

    @Test
    void aFailureOutsideSpringMvcIsAProblemWithoutItsCause() throws IOException {
        Raw response = send("GET /filter-fails HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(response, 500, Problems.INTERNAL);
        assertThat(response.text()).doesNotContain("secret internals");
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws IOException {
        Raw response = send("GET /error HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertProblem(response, 404, Problems.NOT_FOUND);
    }

    @Test
    void aPathVariableOfTheWrongTypeIsNamed() throws IOException {
        Raw response = send("GET /numbers/abc HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        JsonNode problem = assertProblem(response, 400, Problems.VALIDATION);
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("number");
    }

    private static JsonNode assertProblem(Raw response, int status, String type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo(Problems.BASE + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    private Raw send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new Raw(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    record Raw(String text) {

        int status() {
            return Integer.parseInt(this.text.substring(9, 12));
        }

        String head() {
            return this.text.substring(0, this.text.indexOf("\r\n\r\n"));
        }

        String body() {
            String body = this.text.substring(this.text.indexOf("\r\n\r\n") + 4);
            // a chunked answer: the JSON sits between the chunk sizes
            return body.startsWith("{") ? body : body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        }

    }

    // no component scan: this package holds the platform's own web beans
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Things.class)
    static class App {

        @Bean
        FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
            FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                    new OncePerRequestFilter() {
                        @Override
                        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                FilterChain chain) throws IOException, ServletException {
                            if (request.getRequestURI().equals("/filter-fails")) {
                                throw new IllegalStateException("secret internals");
                            }
                            chain.doFilter(request, response);
                        }
                    });
            return registration;
        }

    }

    @RestController
    static class Things {

        @GetMapping("/things/{id}")
        String thing(@PathVariable String id) {
            return id;
        }

        @GetMapping("/numbers/{number}")
        int number(@PathVariable int number) {
            return number;
        }

    }

}
