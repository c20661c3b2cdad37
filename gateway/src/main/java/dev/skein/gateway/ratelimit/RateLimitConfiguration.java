package dev.skein.gateway.ratelimit;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(GatewayProperties properties, ProblemResponses problems,
            MeterRegistry meters, JdbcTemplate jdbc) {
        // no tenant tag: the 429s of one tenant are in the access log, not in a time
        // series each
        Counter rejections = Counter.builder("skein.ratelimit.rejections")
            .description("Requests answered 429 because their tenant was over its limit")
            .register(meters);
        // its own timeout: a hung statement must not hold a tenant's requests
        JdbcTemplate limiterJdbc = new JdbcTemplate(jdbc.getDataSource());
        limiterJdbc.setQueryTimeout(SharedRateLimiter.QUERY_TIMEOUT_SECONDS);
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(
                        new SharedRateLimiter(limiterJdbc, properties.rateLimit(),
                                new TenantRateLimiter(properties.rateLimit(), System::nanoTime)),
                        problems, rejections));
        // The public API only: admin calls, docs and health are not limited.
        registration.addUrlPatterns("/v1/*");
        // After the API key filter (order +10), which tells whose bucket to use.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

}
