package dev.skein.gateway.openai;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class OpenAiConfiguration {

    /**
     * First of all filters, so that the problems of the later ones (body size, API key,
     * rate limit) are rewritten too.
     */
    @Bean
    FilterRegistrationBean<OpenAiErrorFilter> openAiErrorFilter(JsonMapper json) {
        FilterRegistrationBean<OpenAiErrorFilter> registration = new FilterRegistrationBean<>(
                new OpenAiErrorFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

}
