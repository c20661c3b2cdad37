package dev.skein.platform.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.skein.platform.web.PlatformWebAutoConfiguration;
import dev.skein.platform.web.ProblemResponses;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The service tokens of every service: {@link ServiceTokens} (the internal clients sign
 * with it) and the filter that checks them on {@code /internal/**} and the actuator. A
 * service without a secret does not start, in any profile: the secret must be the one its
 * peers have, so one made up at start would only move the failure to the first call.
 */
@AutoConfiguration(after = PlatformWebAutoConfiguration.class)
@EnableConfigurationProperties(InternalAuthProperties.class)
public class InternalAuthAutoConfiguration {

    /**
     * After the correlation filter (its refusals carry the id), before anything that
     * reads a body.
     */
    public static final int FILTER_ORDER = PlatformWebAutoConfiguration.CORRELATION_FILTER_ORDER + 5;

    @Bean
    @ConditionalOnMissingBean
    ServiceTokens serviceTokens(InternalAuthProperties properties, Environment environment) {
        String service = environment.getProperty("spring.application.name");
        if (!StringUtils.hasText(service)) {
            throw new InternalAuthNotConfiguredException(
                    "spring.application.name is not set: it names the service in its service tokens.");
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(checked("skein.internal-auth.secret (SKEIN_INTERNAL_TOKEN_SECRET)", properties.secret()));
        if (StringUtils.hasText(properties.previousSecret())) {
            secrets.add(checked("skein.internal-auth.previous-secret (SKEIN_INTERNAL_TOKEN_PREVIOUS_SECRET)",
                    properties.previousSecret()));
        }
        return new ServiceTokens(service, secrets, properties.tokenLifetime(), properties.clockSkew(),
                Clock.systemUTC());
    }

    private static String checked(String name, @Nullable String secret) {
        if (!StringUtils.hasText(secret)) {
            throw new InternalAuthNotConfiguredException(
                    name + " is not set: the internal APIs cannot be protected without it.");
        }
        if (secret.length() < ServiceTokens.MIN_SECRET_LENGTH) {
            throw new InternalAuthNotConfiguredException(
                    name + " is shorter than " + ServiceTokens.MIN_SECRET_LENGTH + " characters.");
        }
        return secret;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServiceTokenFilterConfiguration {

        @Bean
        FilterRegistrationBean<ServiceTokenFilter> skeinServiceTokenFilter(ServiceTokens tokens,
                ProblemResponses problems, Environment environment) {
            // Prometheus carries a bearer token of its own (SKEIN_METRICS_TOKEN), not a
            // service token; unset, the endpoint is closed
            FilterRegistrationBean<ServiceTokenFilter> registration = new FilterRegistrationBean<>(
                    new ServiceTokenFilter(tokens, problems, environment.getProperty("skein.metrics.token")));
            registration.setOrder(FILTER_ORDER);
            return registration;
        }

    }

}
