package dev.skein.platform.web;

import dev.skein.platform.correlation.CorrelationFilter;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The web plumbing of every service: problem responses (from Spring MVC, from the
 * container's error page and from Tomcat itself) and the correlation id of each request.
 * {@code skein.platform.edge=true} (the gateway) makes the filter create and echo ids for
 * clients.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
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

    /** Declared here, so Spring Boot's {@code BasicErrorController} is not. */
    @Bean
    ProblemErrorController skeinProblemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<CorrelationFilter> skeinCorrelationFilter(
            @Value("${skein.platform.edge:false}") boolean edge) {
        FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(
                new CorrelationFilter(edge));
        registration.setOrder(CORRELATION_FILTER_ORDER);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatProblems {

        @Bean
        ProblemReportValveCustomizer skeinProblemReportValve(JsonMapper jsonMapper) {
            return new ProblemReportValveCustomizer(jsonMapper);
        }

    }

    /**
     * Puts {@link ProblemReportValve} in place of the host's error report valve. Ordered
     * last: Spring Boot's own customizer adds Tomcat's valve, which this one removes.
     */
    static class ProblemReportValveCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        private final JsonMapper jsonMapper;

        ProblemReportValveCustomizer(JsonMapper jsonMapper) {
            this.jsonMapper = jsonMapper;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> replaceErrorReportValve(context.getParent()));
        }

        private void replaceErrorReportValve(Container parent) {
            if (!(parent instanceof StandardHost host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve(this.jsonMapper));
            // the host adds a valve of this class at start unless one is there already
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

    }

}
