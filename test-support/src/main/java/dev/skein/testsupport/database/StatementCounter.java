package dev.skein.testsupport.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the SQL statements a piece of code sends, whichever way it sends them
 * (Hibernate, Spring Data, {@code JdbcTemplate}, {@code JdbcClient}): every statement
 * prepared on a connection of the context's {@link DataSource}, on the calling thread,
 * while {@link #during} runs it. A test of an endpoint's queries calls the endpoint on
 * its own thread (MockMvc) and asserts the count does not grow with the rows: no N+1.
 * <p>
 * Import it into a test context ({@code @Import(StatementCounter.class)}); it wraps the
 * data source in a proxy that unwraps to the pool.
 */
public class StatementCounter implements BeanPostProcessor {

    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "prepareCall", "createStatement");

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** The statements {@code code} sent on this thread, in order (their SQL). */
    public static List<String> during(ThrowingRunnable code) throws Exception {
        List<String> statements = new ArrayList<>();
        RECORDING.set(statements);
        try {
            code.run();
        }
        finally {
            RECORDING.remove();
        }
        return statements;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
            return proxy(DataSource.class, dataSource, (target, method, args) -> {
                Object result = invoke(target, method, args);
                return result instanceof Connection connection ? connection(connection) : result;
            });
        }
        return bean;
    }

    private static Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            List<String> statements = RECORDING.get();
            if (statements != null && STATEMENTS.contains(method.getName())) {
                statements.add(args != null && args.length > 0 && args[0] instanceof String sql ? sql : "(statement)");
            }
            return invoke(target, method, args);
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        // unwrap(Class) and isWrapperFor(Class) reach the pool itself, so Hikari's
        // metrics
        // and health still find it
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, invocation);
    }

    private interface Handler {

        Object handle(Object target, Method method, Object[] args) throws Throwable;

    }

    /** Code under count. */
    @FunctionalInterface
    public interface ThrowingRunnable {

        void run() throws Exception;

    }

}
