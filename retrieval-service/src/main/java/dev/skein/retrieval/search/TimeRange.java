package dev.skein.retrieval.search;

import java.time.Instant;

/** A time a query names: from {@code start} (inclusive) to {@code end} (exclusive). */
record TimeRange(Instant start, Instant end) {
}
