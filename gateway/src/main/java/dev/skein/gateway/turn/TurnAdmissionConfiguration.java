package dev.skein.gateway.turn;

import dev.skein.platform.web.ProblemResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class TurnAdmissionConfiguration {

    @Bean
    FilterRegistrationBean<TurnAdmissionFilter> turnAdmissionFilter(PendingTurns turns, ProblemResponses problems) {
        FilterRegistrationBean<TurnAdmissionFilter> registration = new FilterRegistrationBean<>(
                new TurnAdmissionFilter(turns, problems));
        registration.addUrlPatterns("/v1/*");
        // after the API key (10), before the rate limit (20)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

}
