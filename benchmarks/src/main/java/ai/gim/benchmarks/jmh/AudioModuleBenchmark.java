package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.EncoderFixture;
import ai.gim.benchmarks.Workload;
import ai.gim.runtime.Device;
import org.openjdk.jmh.annotations.Param;

/** One paper audio module alone on its input for a batch of 8 windows: per-module GFLOP/s. */
public class AudioModuleBenchmark extends FrameworkState {

    @Param({"onnx", "torch"})
    public String framework;

    @Param({"0", "1", "2", "3", "4", "5"})
    public int module;

    @Override
    protected Workload workload() {
        EncoderFixture audio = JmhFixtures.audio();
        long[] shape = audio.audioInputShape(module, 8, JmhFixtures.WINDOW);
        return switch (framework) {
            case "onnx" -> audio.onnxExtraction(keep(audio.onnxModule(module, Device.CPU)), shape);
            case "torch" -> audio.torchExtraction(audio.torchModules(torch, false).subList(module, module + 1), torch, shape);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
