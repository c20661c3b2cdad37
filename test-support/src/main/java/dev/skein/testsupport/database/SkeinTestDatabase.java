package dev.skein.testsupport.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Points the test's Spring context at the {@link TestDatabase} of this JVM: sets
 * {@code spring.datasource.url}, {@code username} and {@code password}, ahead of every
 * other property source. A {@code @ServiceConnection} container of a subclass still wins,
 * as connection details do.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(TestDatabaseCustomizerFactory.class)
public @interface SkeinTestDatabase {

    /**
     * The search path of the connections, e.g. {@code gateway,public}; empty for the
     * database's default.
     */
    String currentSchema() default "";

}
