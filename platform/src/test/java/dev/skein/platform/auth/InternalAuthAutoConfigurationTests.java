package dev.skein.platform.auth;

import org.junit.jupiter.api.Test;

import dev.skein.platform.web.PlatformWebAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class InternalAuthAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlatformWebAutoConfiguration.class,
                InternalAuthAutoConfiguration.class))
        .withPropertyValues("spring.application.name=retrieval-service");

    @Test
    void aServiceWithASecretSignsAsItselfAndGuardsItsInternalApi() {
        this.runner.withPropertyValues("skein.internal-auth.secret=" + "s".repeat(32)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ServiceTokens.class).service()).isEqualTo("retrieval-service");
            assertThat(context.getBean("skeinServiceTokenFilter", FilterRegistrationBean.class).getFilter())
                .isInstanceOf(ServiceTokenFilter.class);
        });
    }

    @Test
    void aServiceWithoutASecretDoesNotStartAndSaysWhatToDo() {
        this.runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(
                    "skein.internal-auth.secret (SKEIN_INTERNAL_TOKEN_SECRET) is not set: the internal APIs cannot be "
                            + "protected without it.");
            assertThat(analysis.getAction()).contains("SKEIN_INTERNAL_TOKEN_SECRET", "infra/skein up");
        });
    }

    @Test
    void aShortSecretIsNotEnough() {
        this.runner.withPropertyValues("skein.internal-auth.secret=" + "s".repeat(31)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(analysis(context.getStartupFailure()).getDescription())
                .isEqualTo("skein.internal-auth.secret (SKEIN_INTERNAL_TOKEN_SECRET) is shorter than 32 characters.");
        });
    }

    @Test
    void aShortPreviousSecretIsNotEnoughEither() {
        this.runner
            .withPropertyValues("skein.internal-auth.secret=" + "s".repeat(32),
                    "skein.internal-auth.previous-secret=short")
            .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                .startsWith("skein.internal-auth.previous-secret"));
    }

    private static FailureAnalysis analysis(Throwable failure) {
        FailureAnalysis analysis = new InternalAuthFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        return analysis;
    }

}
