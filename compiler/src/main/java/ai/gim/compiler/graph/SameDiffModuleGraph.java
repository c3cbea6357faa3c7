package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.Conv2dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import ai.gim.models.PatchGrid;
import ai.gim.models.PreActBasicBlock;
import ai.gim.models.PreActBottleneck;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One gradient-isolated module as a SameDiff graph, lowered layer by layer from its {@link ModuleSpec}
 * for a fixed input size (the GRU is unrolled over a known number of frames). Mirrors
 * {@link ai.gim.compiler.export.OnnxModuleLowering} layer type by layer type.
 *
 * <p>Outputs: {@code output}, what the next module receives; {@code context_rows} and
 * {@code target_rows}, one row per frame (audio: the module's output and its convolutional encoding z,
 * or its input when it has no convolution) or per patch (vision: the output average-pooled over each
 * patch). Training back-propagates an upstream gradient with the surrogate loss
 * {@code sum(context_rows·dc) + sum(target_rows·dz)}, so the InfoNCE head can live in its own graph.
 */
public final class SameDiffModuleGraph implements TrainableModule {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    static final String CONTEXT_ROWS = "context_rows";
    static final String TARGET_ROWS = "target_rows";
    static final String GRAD_CONTEXT = "grad_context";
    static final String GRAD_TARGET = "grad_target";
    static final String SURROGATE = "surrogate";

    /** Where a module's InfoNCE targets come from, which decides where their gradient goes. */
    public enum Targets {
        /** targets are the context itself (conv modules): both gradients flow into the one tensor */
        CONTEXT,
        /** targets are the module's own convolutional encoding below its GRU: trained through their own gradient */
        ENCODING,
        /** targets are the module's frozen input (a GRU-only module): their gradient is dropped */
        INPUT
    }

    private final SameDiff sd;
    private final ModuleSpec spec;
    private final long[] inputShape;
    private final long[] outputShape;
    private final Targets targets;
    private final List<String> parameterNames;

    private SameDiffModuleGraph(SameDiff sd, ModuleSpec spec, long[] inputShape, long[] outputShape, Targets targets,
                                List<String> parameterNames) {
        this.sd = sd;
        this.spec = spec;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.targets = targets;
        this.parameterNames = parameterNames;
    }

    /**
     * @param inputLength frames (audio) or the side of the square input (vision) the graph is built for
     * @param parameters  initial values by {@link ParameterNames} name (copied into the graph)
     */
    public static SameDiffModuleGraph build(ModuleSpec spec, int inputLength, DataType dataType,
                                            Map<String, INDArray> parameters) {
        boolean vision = spec.layers().stream().noneMatch(l -> l instanceof Conv1dLayer || l instanceof GruLayer);
        long[] inputShape = vision ? new long[]{-1, spec.inputChannels(), inputLength, inputLength}
                : new long[]{-1, spec.inputChannels(), inputLength};
        SameDiff sd = SameDiff.create();
        Lowering lowering = new Lowering(sd, parameters, dataType);
        SDVariable x = sd.placeHolder(INPUT, dataType, inputShape);
        SDVariable input = x;
        SDVariable encoding = x;
        int channels = spec.inputChannels();
        long length = inputLength;
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            if (layer instanceof Conv1dLayer conv) {
                x = lowering.conv1dRelu(j, conv, x);
                encoding = x;
            } else if (layer instanceof GruLayer gru) {
                x = lowering.gru(j, x, channels, (int) length, gru.hidden());
            } else if (layer instanceof PatchGrid grid) {
                x = lowering.patchGrid(grid, x, channels);
            } else if (layer instanceof Conv2dLayer conv) {
                x = lowering.conv2d(ParameterNames.convWeight(j), ParameterNames.convBias(j), conv.kernel(), conv.stride(), conv.padding(), x);
            } else if (layer instanceof PreActBottleneck block) {
                x = lowering.bottleneck(j, block, x, channels);
            } else if (layer instanceof PreActBasicBlock block) {
                x = lowering.basicBlock(j, block, x, channels);
            }
            channels = layer.outputChannels(channels);
            length = layer.outputLength(length);
            if (length < 1) {
                throw new IllegalArgumentException("module " + spec.index() + ": layer " + j + " gets an input too small");
            }
        }
        SDVariable output = sd.identity(OUTPUT, x);
        Targets targets;
        SDVariable contextRows;
        SDVariable targetRows;
        if (vision) {
            contextRows = sd.identity(CONTEXT_ROWS, output.mean(2, 3)); // [patches, channels]: each patch pooled
            targetRows = contextRows;
            targets = Targets.CONTEXT;
        } else {
            contextRows = sd.identity(CONTEXT_ROWS, frameRows(sd, output, channels));
            targets = !spec.hasConvolution() ? Targets.INPUT : spec.hasAutoregressor() ? Targets.ENCODING : Targets.CONTEXT;
            targetRows = targets == Targets.CONTEXT ? contextRows
                    : sd.identity(TARGET_ROWS, frameRows(sd, targets == Targets.INPUT ? input : encoding, spec.encoderChannels()));
        }
        SDVariable surrogate = contextRows.mul(sd.placeHolder(GRAD_CONTEXT, dataType, -1, channels)).sum();
        if (targets == Targets.ENCODING) {
            surrogate = surrogate.add(targetRows.mul(sd.placeHolder(GRAD_TARGET, dataType, -1, spec.encoderChannels())).sum());
        }
        sd.identity(SURROGATE, surrogate);
        sd.setLossVariables(SURROGATE);
        QuietGradientBuild.createGradients(sd);
        long[] outputShape = output.eval(Map.of(INPUT, Nd4j.zeros(dataType, withBatch(inputShape, 1)))).shape();
        return new SameDiffModuleGraph(sd, spec, inputShape, outputShape, targets, List.copyOf(lowering.names));
    }

    /** {@code [batch, channels, frames]} to {@code [batch·frames, channels]}, frame-major within each sequence. */
    private static SDVariable frameRows(SameDiff sd, SDVariable channelsFirst, int channels) {
        return sd.reshape(sd.permute(channelsFirst, 0, 2, 1), -1, channels);
    }

    private static long[] withBatch(long[] shape, long batch) {
        long[] s = shape.clone();
        s[0] = batch;
        return s;
    }

    /** The per-layer-type lowering to SameDiff ops, with the parameters it creates. */
    private static final class Lowering {
        final SameDiff sd;
        final Map<String, INDArray> parameters;
        final DataType dataType;
        final List<String> names = new ArrayList<>();

        Lowering(SameDiff sd, Map<String, INDArray> parameters, DataType dataType) {
            this.sd = sd;
            this.parameters = parameters;
            this.dataType = dataType;
        }

        SDVariable param(String name) {
            INDArray value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing parameter " + name);
            }
            names.add(name);
            return sd.var(name, value.dup());
        }

        SDVariable conv1dRelu(int j, Conv1dLayer conv, SDVariable x) {
            Conv1DConfig config = new Conv1DConfig(conv.kernel(), conv.stride(), conv.padding(), 1, Conv1DConfig.NCW, PaddingMode.VALID);
            return sd.nn().relu(sd.cnn().conv1d(x, param(ParameterNames.convWeight(j)), param(ParameterNames.convBias(j)), config), 0);
        }

        /** Weights {@code [k, k, in, out]}; {@code biasName} null for a bias-free convolution. */
        SDVariable conv2d(String weightName, String biasName, int kernel, int stride, int padding, SDVariable x) {
            Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
            SDVariable w = param(weightName);
            return biasName == null ? sd.cnn().conv2d(x, w, config) : sd.cnn().conv2d(x, w, param(biasName), config);
        }

        /**
         * The patch grid as a convolution with a constant one-hot kernel (output channel c·p² + i·p + j copies
         * input pixel (c, i, j)), then a transpose and reshape to one patch per row of the batch.
         */
        SDVariable patchGrid(PatchGrid grid, SDVariable images, int channels) {
            int p = grid.patch();
            INDArray kernel = Nd4j.zeros(dataType, p, p, channels, (long) channels * p * p);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        kernel.putScalar(new long[]{i, j, c, (long) c * p * p + (long) i * p + j}, 1.0);
                    }
                }
            }
            Conv2DConfig config = Conv2DConfig.builder().kH(p).kW(p).sH(grid.stride()).sW(grid.stride()).pH(0).pW(0)
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
            SDVariable columns = sd.cnn().conv2d(images, sd.constant(kernel), config); // [batch, C·p·p, grid, grid]
            return sd.reshape(sd.permute(columns, 0, 2, 3, 1), -1, channels, p, p);
        }

        SDVariable bottleneck(int j, PreActBottleneck block, SDVariable x, int channels) {
            SDVariable a = sd.nn().relu(x, 0);
            SDVariable shortcut = block.projects(channels)
                    ? conv2d(ParameterNames.blockWeight(j, "shortcut"), null, 1, block.stride(), 0, a) : x;
            SDVariable h = conv2d(ParameterNames.blockWeight(j, "conv1"), null, 1, 1, 0, a);
            h = conv2d(ParameterNames.blockWeight(j, "conv2"), null, 3, block.stride(), 1, sd.nn().relu(h, 0));
            h = conv2d(ParameterNames.blockWeight(j, "conv3"), null, 1, 1, 0, sd.nn().relu(h, 0));
            return h.add(shortcut);
        }

        SDVariable basicBlock(int j, PreActBasicBlock block, SDVariable x, int channels) {
            SDVariable a = sd.nn().relu(x, 0);
            SDVariable shortcut = block.projects(channels)
                    ? conv2d(ParameterNames.blockWeight(j, "shortcut"), null, 1, block.stride(), 0, a) : x;
            SDVariable h = conv2d(ParameterNames.blockWeight(j, "conv1"), null, 3, block.stride(), 1, a);
            h = conv2d(ParameterNames.blockWeight(j, "conv2"), null, 3, 1, 1, sd.nn().relu(h, 0));
            return h.add(shortcut);
        }

        /**
         * A GRU written from mmul, sigmoid and tanh over time slices from {@code unstack} (SameDiff's
         * built-in GRU has wrong gradients in M2.1). PyTorch gate equations:
         * r = σ(x·W_ir + b_ir + h·W_hr + b_hr), u = σ(x·W_iz + b_iz + h·W_hz + b_hz),
         * n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn)), h' = n + u ⊙ (h − n).
         *
         * @param x {@code [batch, channels, frames]}; returns {@code [batch, hidden, frames]}
         */
        SDVariable gru(int layer, SDVariable x, int channels, int frames, int hidden) {
            SDVariable timeMajor = sd.reshape(sd.permute(x, 2, 0, 1), -1, channels); // [frames*batch, channels]
            Map<String, SDVariable[]> inputProjections = new HashMap<>();
            Map<String, SDVariable> recurrent = new HashMap<>();
            Map<String, SDVariable> recurrentBias = new HashMap<>();
            for (String gate : ParameterNames.GRU_GATES) {
                SDVariable wi = param(ParameterNames.gruInputWeight(layer, gate));
                SDVariable wh = param(ParameterNames.gruRecurrentWeight(layer, gate));
                SDVariable bi = param(ParameterNames.gruInputBias(layer, gate));
                SDVariable bh = param(ParameterNames.gruRecurrentBias(layer, gate));
                SDVariable projected = sd.reshape(timeMajor.mmul(wi).add(bi), frames, -1, hidden); // [frames, batch, hidden]
                inputProjections.put(gate, sd.unstack(projected, 0, frames));
                recurrent.put(gate, wh);
                recurrentBias.put(gate, bh);
            }
            SDVariable h = sd.zerosLike(inputProjections.get("z")[0]);
            SDVariable[] states = new SDVariable[frames];
            for (int t = 0; t < frames; t++) {
                SDVariable r = sd.nn().sigmoid(inputProjections.get("r")[t].add(h.mmul(recurrent.get("r"))).add(recurrentBias.get("r")));
                SDVariable u = sd.nn().sigmoid(inputProjections.get("z")[t].add(h.mmul(recurrent.get("z"))).add(recurrentBias.get("z")));
                SDVariable n = sd.math().tanh(inputProjections.get("n")[t].add(r.mul(h.mmul(recurrent.get("n")).add(recurrentBias.get("n")))));
                h = n.add(u.mul(h.sub(n)));
                states[t] = h;
            }
            return sd.stack(2, states); // [batch, hidden, frames]
        }
    }

    /** The module's output only (inference: no InfoNCE rows), copied as {@link #forward} copies its outputs. */
    public INDArray output(INDArray input) {
        return sd.output(Map.of(INPUT, input), OUTPUT).get(OUTPUT).dup();
    }

    /** Runs the module on {@code input}. */
    @Override
    public ModuleForward forward(INDArray input) {
        List<String> wanted = new ArrayList<>(List.of(OUTPUT, CONTEXT_ROWS));
        if (targets != Targets.CONTEXT) {
            wanted.add(TARGET_ROWS);
        }
        Map<String, INDArray> out = sd.output(Map.of(INPUT, input), wanted);
        // copies: SameDiff may reuse or release the arrays it returned once the graph runs again
        // (the gradient pass runs it before the next module consumes this output)
        INDArray context = out.get(CONTEXT_ROWS).dup();
        return new ModuleForward(out.get(OUTPUT).dup(), context, targets == Targets.CONTEXT ? context : out.get(TARGET_ROWS).dup());
    }

    /**
     * Gradients of the module's parameters given dL/d(context rows) and, for {@link Targets#ENCODING},
     * dL/d(target rows).
     */
    @Override
    public Map<String, INDArray> parameterGradients(INDArray input, INDArray contextGradient, INDArray targetGradient) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(INPUT, input);
        feeds.put(GRAD_CONTEXT, contextGradient);
        if (targets == Targets.ENCODING) {
            feeds.put(GRAD_TARGET, targetGradient);
        }
        return sd.calculateGradients(feeds, parameterNames);
    }

    @Override
    public Targets targets() {
        return targets;
    }

    /** The live parameter arrays (updating them in place updates the graph). */
    @Override
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : parameterNames) {
            params.put(name, sd.getVariable(name).getArr());
        }
        return params;
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    /** Input shape with batch {@code -1}. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Output shape for a batch of one. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** Frames (audio) or side (vision) of the output. */
    public int outputLength() {
        return (int) outputShape[2];
    }
}
