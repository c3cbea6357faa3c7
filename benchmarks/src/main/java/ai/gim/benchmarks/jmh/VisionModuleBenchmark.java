package ai.gim.benchmarks.jmh;

import ai.gim.benchmarks.EncoderFixture;
import ai.gim.benchmarks.Workload;
import ai.gim.runtime.Device;
import org.openjdk.jmh.annotations.Param;

/** Paper vision module 0 (patch grid, stem, stage 1) on a batch of 64×64 images, pooled per image. */
public class VisionModuleBenchmark extends FrameworkState {

    @Param({"onnx", "samediff", "torch"})
    public String framework;

    @Param({"8", "32"})
    public int images;

    @Override
    protected Workload workload() {
        EncoderFixture vision = JmhFixtures.visionModule();
        int side = JmhFixtures.visionSpec().imageSide();
        long[] shape = {images, 1, side, side};
        return switch (framework) {
            case "onnx" -> vision.onnxExtraction(keep(vision.onnxChain(Device.CPU)), shape);
            case "samediff" -> vision.sameDiffExtraction(vision.sameDiffStack(side), shape);
            case "torch" -> vision.torchExtraction(vision.torchModules(torch, false), torch, shape);
            default -> throw new IllegalArgumentException("framework " + framework);
        };
    }
}
