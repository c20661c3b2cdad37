package dev.skein.generation.writing.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.skein.platform.observability.MetricPoller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writing jobs by state ({@code skein.writing.jobs}), over all instances (the jobs table
 * is shared): unfinished jobs piling up in one state say where long-form writing is
 * stuck.
 */
@Component
class WritingJobGauges {

    static final List<String> STATES = List.of(WritingJob.ACCEPTED, WritingJob.PLANNING, WritingJob.WRITING,
            WritingJob.REVIEWING, WritingJob.COMPLETED, WritingJob.FAILED);

    private final Map<String, AtomicLong> counts = new LinkedHashMap<>();

    WritingJobGauges(JdbcClient jdbc, MeterRegistry meters, MetricPoller poller) {
        for (String state : STATES) {
            AtomicLong count = new AtomicLong();
            this.counts.put(state, count);
            Gauge.builder("skein.writing.jobs", count, AtomicLong::get)
                .description("Writing jobs by state")
                .baseUnit("jobs")
                .tag("state", state)
                .register(meters);
        }
        poller.every(Duration.ofSeconds(15), () -> {
            Map<String, Long> found = new LinkedHashMap<>();
            jdbc.sql("SELECT status, count(*) FROM writing_jobs GROUP BY status")
                .query((rs, row) -> found.put(rs.getString(1), rs.getLong(2)))
                .list();
            this.counts.forEach((state, count) -> count.set(found.getOrDefault(state, 0L)));
        });
    }

}
