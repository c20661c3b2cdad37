package dev.skein.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The settings every service shares (Kafka clients, typed listeners, topic layout, no
 * values in the database driver's error messages), as the lowest-precedence property
 * source: a service's application.yaml, the environment and test properties all override
 * them, and no service repeats them.
 */
class PlatformDefaults implements EnvironmentPostProcessor {

    static final String NAME = "skein-platform-defaults";

    private static final String LOCATION = "META-INF/skein/platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(NAME, new ClassPathResource(LOCATION)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The platform's defaults are missing from the classpath", ex);
        }
    }

}
