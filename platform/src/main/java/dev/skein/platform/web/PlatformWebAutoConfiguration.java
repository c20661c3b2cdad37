package dev.skein.platform.web;

import dev.skein.platform.correlation.CorrelationFilter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The web plumbing of every service: problem responses and the correlation id of each
 * request. {@code skein.platform.edge=true} (the gateway) makes the filter create and
 * echo ids for clients.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PlatformWebAutoConfiguration {

    /**
     * The correlation filter runs before every other filter, so their log lines carry the
     * id.
     */
    public static final int CORRELATION_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Bean
    ProblemHandler skeinProblemHandler() {
        return new ProblemHandler();
    }

    @Bean
    ProblemResponses skeinProblemResponses(JsonMapper jsonMapper) {
        return new ProblemResponses(jsonMapper);
    }

    @Bean
    FilterRegistrationBean<CorrelationFilter> skeinCorrelationFilter(
            @Value("${skein.platform.edge:false}") boolean edge) {
        FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(
                new CorrelationFilter(edge));
        registration.setOrder(CORRELATION_FILTER_ORDER);
        return registration;
    }

}
