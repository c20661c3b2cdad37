package dev.skein.gateway.web;

import dev.skein.platform.web.ProblemResponses;
import dev.skein.gateway.GatewayProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /**
     * Filters run in this order: arrival, correlation id (the platform's), body size, dot
     * segments, then API keys (order 10).
     */
    static final int ARRIVAL_ORDER = Ordered.HIGHEST_PRECEDENCE;

    static final int SIZE_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    static final int DOT_SEGMENT_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    private final GatewayProperties properties;

    WebConfiguration(GatewayProperties properties) {
        this.properties = properties;
    }

    @Bean
    FilterRegistrationBean<ArrivalFilter> arrivalFilter() {
        FilterRegistrationBean<ArrivalFilter> registration = new FilterRegistrationBean<>(new ArrivalFilter());
        registration.setOrder(ARRIVAL_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(ProblemResponses problems) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(this.properties.maxRequestBytes(), problems));
        registration.setOrder(SIZE_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<DotSegmentFilter> dotSegmentFilter(ProblemResponses problems) {
        FilterRegistrationBean<DotSegmentFilter> registration = new FilterRegistrationBean<>(
                new DotSegmentFilter(problems));
        registration.setOrder(DOT_SEGMENT_ORDER);
        return registration;
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        // The turn timeout answers first (504); the container's timeout is only a
        // backstop.
        configurer.setDefaultTimeout(this.properties.turnTimeout().plusSeconds(30).toMillis());
    }

}
