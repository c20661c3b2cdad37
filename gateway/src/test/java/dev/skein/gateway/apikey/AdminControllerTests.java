package dev.skein.gateway.apikey;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.ProblemException;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdminControllerTests {

    @Test
    void withoutAnAdminTokenTheAdminApiDoesNotExist() {
        AdminController admin = new AdminController(null, properties(""));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer ");

        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> admin.issue("tenant-1", null, request))
            .satisfies(ex -> assertThat(ex.problem().getStatus()).isEqualTo(404));
        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> admin.revoke(UUID.randomUUID(), request))
            .satisfies(ex -> assertThat(ex.problem().getStatus()).isEqualTo(404));
    }

    @Test
    void aWrongTokenIsUnauthorized() {
        AdminController admin = new AdminController(null, properties("right-token"));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer wrong-token");

        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> admin.issue("tenant-1", null, request))
            .satisfies(ex -> assertThat(ex.problem().getStatus()).isEqualTo(401));
    }

    static GatewayProperties properties(String adminToken) {
        return new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                List.of(URI.create("http://g")), Duration.ofSeconds(60), adminToken, null, 32000, 5000, 1024, 8192,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                new GatewayProperties.RateLimit(600, null));
    }

}
