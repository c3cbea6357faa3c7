package ai.gim.benchmarks;

import java.util.Arrays;

/** Wall-clock times of repeated runs of one {@link Workload}: median and spread, in milliseconds. */
public record Timing(double medianMs, double minMs, double maxMs, int runs) {

    /** {@code warmup} untimed runs, then {@code runs} timed ones. */
    public static Timing measure(Workload workload, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            workload.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            workload.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return new Timing(median, ms[0], ms[runs - 1], runs);
    }

    public String format() {
        return String.format("%.1f (%.1f–%.1f)", medianMs, minMs, maxMs);
    }
}
