package bench;

/** Latency percentiles (nearest rank) in milliseconds, from sorted nanosecond samples. */
record Stats(long samples, double mean, double p50, double p90, double p99, double max) {

    static Stats of(long[] sortedNanos) {
        int n = sortedNanos.length;
        if (n == 0) {
            return new Stats(0, 0, 0, 0, 0, 0);
        }
        double sum = 0;
        for (long v : sortedNanos) {
            sum += v;
        }
        return new Stats(n, ms(sum / n), ms(rank(sortedNanos, 0.50)), ms(rank(sortedNanos, 0.90)),
                ms(rank(sortedNanos, 0.99)), ms(sortedNanos[n - 1]));
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
