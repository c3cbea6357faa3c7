package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.EncoderFixture;
import ai.gim.benchmarks.Workload;
import ai.gim.runtime.Device;
import org.openjdk.jmh.annotations.Param;

/** Pooled features of the paper audio encoder (6 modules) for a batch of 20480-sample windows. */
public class AudioExtractionBenchmark extends FrameworkState {

    @Param({"onnx", "samediff", "torch"})
    public String framework;

    @Param({"1", "8", "32"})
    public int batch;

    @Override
    protected Workload workload() {
        EncoderFixture audio = JmhFixtures.audio();
        long[] shape = {batch, 1, JmhFixtures.WINDOW};
        return switch (framework) {
            case "onnx" -> audio.onnxExtraction(keep(audio.onnxChain(Device.CPU)), shape);
            case "samediff" -> audio.sameDiffExtraction(audio.sameDiffStack(JmhFixtures.WINDOW), shape);
            case "torch" -> audio.torchExtraction(audio.torchModules(torch, false), torch, shape);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
