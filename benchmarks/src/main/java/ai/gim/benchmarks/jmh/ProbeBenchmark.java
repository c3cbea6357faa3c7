package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.ProbeFit;
import ai.gim.benchmarks.Workload;
import org.openjdk.jmh.annotations.Param;

/** The Tribuo probe on 100k × 512 features: building the dataset, and a 5-epoch fit. */
public class ProbeBenchmark extends FrameworkState {

    @Param({"dataset", "fit"})
    public String phase;

    @Override
    protected Workload workload() {
        ProbeFit probe = new ProbeFit(100_000, 512, 10, 5);
        return switch (phase) {
            case "dataset" -> probe.buildDataset();
            case "fit" -> probe.fit();
            default -> throw new IllegalArgumentException("phase " + phase);
        };
    }
}
