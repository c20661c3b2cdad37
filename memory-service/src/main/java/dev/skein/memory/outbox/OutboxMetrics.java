package dev.skein.memory.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.skein.platform.observability.MetricPoller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the outbox is behind: rows not yet published and the age of the oldest. Both
 * stay near zero while the broker answers (the relay drains each commit at once); a
 * growing depth or age says the broker or the relay is stuck and turns are not answered.
 */
@Component
class OutboxMetrics {

    private final AtomicLong depth = new AtomicLong();

    private final AtomicLong ageMillis = new AtomicLong();

    OutboxMetrics(JdbcTemplate jdbc, MeterRegistry meters, MetricPoller poller) {
        Gauge.builder("skein.outbox.depth", this.depth, AtomicLong::get)
            .description("Outbox rows not yet published")
            .register(meters);
        Gauge.builder("skein.outbox.age", this.ageMillis, age -> age.get() / 1000.0)
            .description("Age of the oldest outbox row not yet published")
            .baseUnit("seconds")
            .register(meters);
        poller.every(Duration.ofSeconds(5), () -> jdbc.query(
                "SELECT count(*), coalesce((extract(epoch FROM now() - min(created_at)) * 1000)::bigint, 0) FROM outbox",
                rs -> {
                    this.depth.set(rs.getLong(1));
                    this.ageMillis.set(rs.getLong(2));
                }));
    }

}
