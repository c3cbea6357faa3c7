package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.Sgemm;
import ai.gim.benchmarks.Workload;
import org.openjdk.jmh.annotations.Param;

/** The sgemm peak every GFLOP/s figure is read against. */
public class SgemmBenchmark extends FrameworkState {

    @Param({"nd4j", "torch"})
    public String framework;

    @Param({"2048"})
    public int n;

    @Override
    protected Workload workload() {
        return switch (framework) {
            case "nd4j" -> Sgemm.nd4j(n);
            case "torch" -> Sgemm.torch(torch, n);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
