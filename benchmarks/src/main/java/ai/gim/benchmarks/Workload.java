package ai.gim.benchmarks;

/** One timed operation of a benchmark, run repeatedly on the same prepared inputs. */
@FunctionalInterface
public interface Workload {
    void run();
}
