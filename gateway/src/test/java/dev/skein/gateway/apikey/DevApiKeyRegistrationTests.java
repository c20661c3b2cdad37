package dev.skein.gateway.apikey;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.context.annotation.Profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class DevApiKeyRegistrationTests {

    @Test
    void existsOnlyInProfileLocal() {
        assertThat(DevApiKeyRegistration.class.getAnnotation(Profile.class).value()).containsExactly("local");
    }

    @Test
    void registersTheDevKeyForTenantDev() {
        ApiKeyService keys = mock(ApiKeyService.class);

        new DevApiKeyRegistration(keys, properties("sk-dev-0123")).run(new DefaultApplicationArguments());

        verify(keys).register("dev", "sk-dev-0123", "development key");
    }

    @Test
    void withoutADevKeyRegistersNothing() {
        ApiKeyService keys = mock(ApiKeyService.class);

        new DevApiKeyRegistration(keys, properties("")).run(new DefaultApplicationArguments());

        verify(keys, never()).register(anyString(), anyString(), any());
    }

    private static GatewayProperties properties(String devKey) {
        return new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                List.of(URI.create("http://g")), Duration.ofSeconds(60), null, devKey, 32000, 5000, 1024, 8192,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
                new GatewayProperties.RateLimit(600, null));
    }

}
