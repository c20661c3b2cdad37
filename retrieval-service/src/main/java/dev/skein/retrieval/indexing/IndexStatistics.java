package dev.skein.retrieval.indexing;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Vacuums and analyses {@code memory_chunks} after an indexing burst. The search plans
 * (above all the candidate search of long conversations) follow the planner's row
 * estimates, and right after a bulk import autovacuum can be minutes late: measured,
 * turns took about 2 s in a freshly imported 100,000-turn conversation until the table
 * was analysed, and about 100 ms after. The vacuum keeps the visibility map current,
 * which the index-only scan of a long conversation's B-tree needs to stay off the table:
 * on a 10,000-turn conversation {@code memory:search} took p50 47.6 ms through the
 * gateway before a vacuum and 29.2 ms after (docs/perf/search-path-profile.md).
 * Autovacuum does both too, when it is on and gets to it; on a vacuumed table this one is
 * cheap (all-visible pages are skipped).
 */
@Component
public class IndexStatistics {

    private static final Logger log = LoggerFactory.getLogger(IndexStatistics.class);

    private final JdbcTemplate jdbc;

    private final long analyzeAfterChunks;

    private final AtomicLong addedSinceVacuum = new AtomicLong();

    /** What the previous check saw; -1 right after a vacuum. */
    private long addedAtLastCheck = -1;

    IndexStatistics(JdbcTemplate jdbc,
            @Value("${skein.retrieval.analyze-after-chunks:10000}") long analyzeAfterChunks) {
        this.jdbc = jdbc;
        this.analyzeAfterChunks = analyzeAfterChunks;
    }

    public void added(int chunks) {
        this.addedSinceVacuum.addAndGet(chunks);
    }

    /**
     * Runs VACUUM (ANALYZE) when at least {@code analyze-after-chunks} chunks were added
     * since the last one, or when a burst of at least a tenth of that is over (nothing
     * added since the previous check): the last part of an import is then vacuumed too,
     * not left for the next 10,000 chunks (a 10,000-turn conversation searched at p50
     * 45.4 ms through the gateway with its last 6,000 chunks unvacuumed, 28.3 ms after).
     * Answers whether it ran. Never inside a transaction (VACUUM cannot run in one); it
     * takes no lock that holds up searches or the indexer.
     */
    @Scheduled(fixedDelayString = "${skein.retrieval.analyze-check-millis:30000}")
    public synchronized boolean analyzeIfDue() {
        long added = this.addedSinceVacuum.get();
        boolean burstOver = added >= this.analyzeAfterChunks / 10 && added == this.addedAtLastCheck;
        this.addedAtLastCheck = added;
        if (added < this.analyzeAfterChunks && !burstOver) {
            return false;
        }
        long started = System.nanoTime();
        this.jdbc.execute("VACUUM (ANALYZE) memory_chunks");
        this.addedSinceVacuum.addAndGet(-added);
        this.addedAtLastCheck = -1;
        log.info("Vacuumed and analysed memory_chunks after {} new chunks in {} ms", added,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

}
