package dev.skein.gateway.apikey;

import dev.skein.platform.web.ProblemResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class ApiKeyConfiguration {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(TenantResolver tenants, ProblemResponses problems) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(tenants, problems));
        registration.addUrlPatterns("/v1/*");
        // After the correlation id and body size filters of the web package.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

}
