package ai.gim.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.gim.benchmarks.torch.TorchModule;
import ai.gim.compiler.export.OnnxModuleLowering;
import ai.gim.compiler.graph.ParameterInitializer;
import ai.gim.compiler.train.ModuleStack;
import ai.gim.evaluator.FramePooling;
import ai.gim.models.FlopCount;
import ai.gim.models.ModuleSpec;
import ai.gim.runtime.Device;
import ai.gim.runtime.FloatTensor;
import ai.gim.runtime.ModuleChain;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A chain of modules with seeded weights, in the three forms the benchmarks compare: the exported
 * ONNX models (run by {@code gim}'s runtime), the SameDiff graphs that train them, and the same
 * layers in libtorch. Each extraction workload goes from a Java float array to pooled Java feature
 * vectors, so the glue around the framework is timed too.
 */
public final class EncoderFixture {

    /** How a chain's last output becomes one feature vector per input item. */
    public enum Pooling {
        /** audio: the mean over time of each sequence of {@code [batch, C, frames]} */
        OVER_TIME,
        /** vision: the mean over the patches and cells of each image of {@code [images · patches, C, h, w]} */
        PER_IMAGE
    }

    private final List<ModuleSpec> modules;
    private final List<Map<String, INDArray>> parameters = new ArrayList<>();
    private final List<byte[]> models = new ArrayList<>();
    private final Pooling pooling;
    private final int patchesPerImage;

    /**
     * @param patchesPerImage patches per image for {@link Pooling#PER_IMAGE}; ignored otherwise
     */
    public EncoderFixture(List<ModuleSpec> modules, Pooling pooling, int patchesPerImage, long seed) {
        this.modules = List.copyOf(modules);
        this.pooling = pooling;
        this.patchesPerImage = patchesPerImage;
        for (ModuleSpec module : modules) {
            Map<String, INDArray> p = ParameterInitializer.initialise(module, seed, DataType.FLOAT);
            parameters.add(p);
            models.add(OnnxModuleLowering.lower(module, p, "gim-bench"));
        }
    }

    public List<ModuleSpec> modules() {
        return modules;
    }

    /** The SameDiff-layout parameters of module {@code k}. */
    public Map<String, INDArray> parameters(int k) {
        return parameters.get(k);
    }

    /** Forward FLOPs of the whole chain for {@code batch} items of {@code length}. */
    public double flops(int batch, int length) {
        return FlopCount.forward(modules, batch, length);
    }

    /** A seeded input: uniform noise in [-1, 1) of the given shape. */
    public static float[] noise(long[] shape, long seed) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] x = new float[Math.toIntExact(n)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        return x;
    }

    public ModuleChain onnxChain(Device device) {
        return ModuleChain.of(models, device);
    }

    /** Module {@code k} alone. */
    public ModuleChain onnxModule(int k, Device device) {
        return ModuleChain.of(List.of(models.get(k)), device);
    }

    /** The input of audio module {@code k} for {@code batch} windows of {@code samples}. */
    public long[] audioInputShape(int k, int batch, int samples) {
        long length = samples;
        for (int i = 0; i < k; i++) {
            length = modules.get(i).outputLength(length);
        }
        return new long[]{batch, modules.get(k).inputChannels(), length};
    }

    /** ONNX Runtime through {@code gim}'s {@link ModuleChain}, then pooling in Java. */
    public Workload onnxExtraction(ModuleChain chain, long[] inputShape) {
        FloatTensor input = new FloatTensor(noise(inputShape, 1), inputShape);
        return () -> pool(chain.run(input));
    }

    private float[][] pool(FloatTensor out) {
        int items = (int) out.dim(0);
        int channels = (int) out.dim(1);
        int cells = (int) (out.data().length / ((long) items * channels));
        if (pooling == Pooling.PER_IMAGE) {
            return FramePooling.meanPerImage(out.data(), items / patchesPerImage, patchesPerImage, channels, cells);
        }
        float[][] features = new float[items][];
        for (int b = 0; b < items; b++) {
            features[b] = FramePooling.meanOverTime(out.data(), b, channels, cells);
        }
        return features;
    }

    public List<TorchModule> torchModules(NDManager manager, boolean trainable) {
        List<TorchModule> torch = new ArrayList<>();
        for (int k = 0; k < modules.size(); k++) {
            torch.add(TorchModule.of(modules.get(k), parameters.get(k), manager, trainable));
        }
        return torch;
    }

    /** libtorch inference (no autograd), pooling in libtorch, features copied back to Java. */
    public Workload torchExtraction(List<TorchModule> torch, NDManager manager, long[] inputShape) {
        float[] input = noise(inputShape, 1);
        return () -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(input, new Shape(inputShape));
                for (TorchModule module : torch) {
                    x = module.forward(x).output();
                }
                long channels = x.getShape().get(1);
                NDArray pooled = pooling == Pooling.PER_IMAGE
                        ? x.reshape(-1, patchesPerImage, channels, x.getShape().size() / (x.getShape().get(0) * channels))
                                .mean(new int[]{3}).mean(new int[]{1}) // libtorch's DJL binding reduces one axis at a time
                        : x.mean(new int[]{2});
                pooled.toFloatArray();
            }
        };
    }

    /** SameDiff graphs built for inputs of {@code length} (the GRU is unrolled for that many frames). */
    public ModuleStack sameDiffStack(int length) {
        return ModuleStack.build(modules, length, k -> parameters.get(k));
    }

    /** SameDiff inference through the training graphs, pooling in ND4J, features copied back to Java. */
    public Workload sameDiffExtraction(ModuleStack stack, long[] inputShape) {
        INDArray input = Nd4j.create(noise(inputShape, 1), inputShape, 'c');
        return () -> {
            INDArray x = input;
            for (var graph : stack.graphs()) {
                x = graph.output(x);
            }
            INDArray pooled = pooling == Pooling.PER_IMAGE
                    ? x.reshape(x.size(0) / patchesPerImage, patchesPerImage, x.size(1), x.length() / (x.size(0) * x.size(1))).mean(1, 3)
                    : x.mean(2);
            pooled.toFloatMatrix();
        };
    }
}
