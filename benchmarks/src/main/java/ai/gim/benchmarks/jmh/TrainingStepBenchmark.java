package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.TrainingSteps;
import ai.gim.benchmarks.Workload;
import ai.gim.models.AudioPreset;
import org.openjdk.jmh.annotations.Param;

/** One training step (forward, InfoNCE, backward, Adam) of one paper audio module, batch 8. */
public class TrainingStepBenchmark extends FrameworkState {

    @Param({"gim", "torch"})
    public String framework;

    @Param({"0", "1", "2", "3", "4", "5"})
    public int module;

    @Override
    protected Workload workload() {
        TrainingSteps steps = new TrainingSteps(JmhFixtures.audio(), module, 8, JmhFixtures.WINDOW,
                AudioPreset.PAPER.spec().infoNce(), 2e-4);
        return switch (framework) {
            case "gim" -> steps.gim();
            case "torch" -> steps.torch(torch);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
