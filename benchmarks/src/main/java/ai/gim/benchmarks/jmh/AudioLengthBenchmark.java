package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.EncoderFixture;
import ai.gim.benchmarks.Workload;
import ai.gim.runtime.Device;
import org.openjdk.jmh.annotations.Param;

/** Cost against utterance length: one utterance of 1 to 30 s through the paper audio encoder. */
public class AudioLengthBenchmark extends FrameworkState {

    @Param({"onnx", "torch"})
    public String framework;

    @Param({"1", "2", "5", "10", "20", "30"})
    public int seconds;

    @Override
    protected Workload workload() {
        EncoderFixture audio = JmhFixtures.audio();
        long[] shape = {1, 1, seconds * 16_000L};
        return switch (framework) {
            case "onnx" -> audio.onnxExtraction(keep(audio.onnxChain(Device.CPU)), shape);
            case "torch" -> audio.torchExtraction(audio.torchModules(torch, false), torch, shape);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
