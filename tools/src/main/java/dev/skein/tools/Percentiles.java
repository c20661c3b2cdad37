package dev.skein.tools;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of measured durations in milliseconds. */
final class Percentiles {

    private final double[] sorted;

    Percentiles(List<Double> samples) {
        this.sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    double at(double percentile) {
        if (this.sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * this.sorted.length);
        return this.sorted[Math.max(0, Math.min(this.sorted.length - 1, rank - 1))];
    }

    String summary() {
        return "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)".formatted(at(50), at(90), at(99),
                this.sorted.length == 0 ? Double.NaN : this.sorted[this.sorted.length - 1], this.sorted.length);
    }

    @Override
    public String toString() {
        return Arrays.toString(this.sorted);
    }

}
