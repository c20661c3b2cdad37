package dev.skein.testsupport.database;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Registered by {@link SkeinTestDatabase}; does nothing for a test class without it. */
class TestDatabaseCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        SkeinTestDatabase database = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                SkeinTestDatabase.class);
        return (database != null) ? new TestDatabaseCustomizer(database.currentSchema()) : null;
    }

}
