package dev.skein.platform.kafka.workers;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The records of one partition that were handed to workers, in offset order, and which of
 * them are finished. Kafka keeps one committed offset per partition, so a record may be
 * acknowledged only once it and every record before it are finished: a record that ends
 * early waits for the slower ones before it, and a crash redelivers whatever had not
 * ended, never skips it.
 *
 * @param <A> what acknowledges a record
 */
final class PartitionOffsets<A> {

    /** Handed out and not yet acknowledged, by offset; true once finished. */
    private final TreeMap<Long, Entry<A>> open = new TreeMap<>();

    synchronized void started(long offset, A acknowledgment) {
        this.open.put(offset, new Entry<>(acknowledgment));
    }

    /**
     * Marks the record finished.
     * @return the acknowledgment of the last record of the finished run at the head of
     * the partition, which now may be committed (committing it commits every record
     * before it); null while an earlier record still runs
     */
    synchronized @Nullable A finished(long offset) {
        Entry<A> entry = this.open.get(offset);
        if (entry == null) {
            return null;
        }
        entry.finished = true;
        A committable = null;
        while (!this.open.isEmpty() && this.open.firstEntry().getValue().finished) {
            Map.Entry<Long, Entry<A>> head = this.open.pollFirstEntry();
            committable = head.getValue().acknowledgment;
        }
        return committable;
    }

    /** Records handed out and not yet acknowledged (finished or not). */
    synchronized int open() {
        return this.open.size();
    }

    private static final class Entry<A> {

        private final A acknowledgment;

        private boolean finished;

        private Entry(A acknowledgment) {
            this.acknowledgment = acknowledgment;
        }

    }

}
