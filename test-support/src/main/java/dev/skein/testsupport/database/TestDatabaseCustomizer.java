package dev.skein.testsupport.database;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds the datasource properties first. A record, so that test classes asking for the
 * same schema share one cached context.
 * <p>
 * The platform's dead-row vacuum is off in these contexts: on a test server without
 * autovacuum it would vacuum and analyse the schema every minute, under tests that watch
 * the index's own vacuum or assert plans. {@code DeadRowVacuumIT} tests it directly.
 */
record TestDatabaseCustomizer(String currentSchema) implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        TestDatabase database = TestDatabase.get();
        Map<String, Object> properties = Map.of("spring.datasource.url", database.url(this.currentSchema),
                "spring.datasource.username", database.username(), "spring.datasource.password", database.password(),
                "skein.vacuum.enabled", "false");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("skeinTestDatabase", properties));
    }
}
