package dev.skein.platform.observability;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Refreshes gauges that need a query (outbox depth, writing jobs by state) on one
 * background thread, so a scrape never waits for the database and a slow or unreachable
 * database never fails it: the gauge keeps its last value until a query succeeds again.
 */
public class MetricPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MetricPoller.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "skein-metrics");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code refresh} every {@code interval}, the first time after one interval. */
    public void every(Duration interval, Runnable refresh) {
        this.executor.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            }
            catch (RuntimeException ex) {
                log.debug("A metric could not be refreshed: {}", ex.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }

}
