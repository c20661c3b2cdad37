package dev.skein.platform.kafka;

/**
 * Consumers per instance of a listener, where the default (one per partition of the
 * default topic layout, {@code SKEIN_KAFKA_PARTITIONS}) would only add idle ones.
 */
public final class ListenerConcurrency {

    /**
     * One consumer per instance, for a listener whose records are rare (erasures, failed
     * turns) or handed on to workers at once ({@code OrderedWorkers}, a job runner), so
     * that one consumer takes in as many as three. Every consumer is a connection, a
     * heartbeat thread and a fetch that the broker answers empty while its topic is
     * quiet: the stack's 34 consumers kept the broker at 60-76 ms of CPU a second and the
     * generation-service at 37-44 ms when nothing happened
     * (docs/perf/turn-path-profile.md, fourteenth round). A listener that does its
     * records' work on its own thread keeps one consumer per partition, so that a slow
     * record holds up only its partition.
     */
    public static final String ONE = "1";

    private ListenerConcurrency() {
    }

}
