package dev.skein.retrieval.indexing;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Analyses {@code memory_chunks} after an indexing burst. The search plans (above all the
 * candidate search of long conversations) follow the planner's row estimates, and right
 * after a bulk import autovacuum can be minutes late: measured, turns took about 2 s in a
 * freshly imported 100,000-turn conversation until the table was analysed, and about 100
 * ms after.
 */
@Component
public class IndexStatistics {

    private static final Logger log = LoggerFactory.getLogger(IndexStatistics.class);

    private final JdbcTemplate jdbc;

    private final long analyzeAfterChunks;

    private final AtomicLong addedSinceAnalyze = new AtomicLong();

    IndexStatistics(JdbcTemplate jdbc,
            @Value("${skein.retrieval.analyze-after-chunks:10000}") long analyzeAfterChunks) {
        this.jdbc = jdbc;
        this.analyzeAfterChunks = analyzeAfterChunks;
    }

    public void added(int chunks) {
        this.addedSinceAnalyze.addAndGet(chunks);
    }

    /**
     * Runs ANALYZE when at least {@code analyze-after-chunks} chunks were added since the
     * last one; answers whether it did.
     */
    @Scheduled(fixedDelayString = "${skein.retrieval.analyze-check-millis:30000}")
    public boolean analyzeIfDue() {
        long added = this.addedSinceAnalyze.get();
        if (added < this.analyzeAfterChunks) {
            return false;
        }
        long started = System.nanoTime();
        this.jdbc.execute("ANALYZE memory_chunks");
        this.addedSinceAnalyze.addAndGet(-added);
        log.info("Analysed memory_chunks after {} new chunks in {} ms", added,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

}
