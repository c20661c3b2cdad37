package dev.skein.gateway.ratelimit;

import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.ProblemResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(GatewayProperties properties, ProblemResponses problems) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(new TenantRateLimiter(properties.rateLimit(), System::nanoTime), problems));
        // The public API only: admin calls, docs and health are not limited.
        registration.addUrlPatterns("/v1/*");
        // After the API key filter (order +10), which tells whose bucket to use.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

}
