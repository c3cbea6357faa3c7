package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One gradient-isolated module as a SameDiff graph, lowered layer by layer from its {@link ModuleSpec}
 * for a fixed input length (the GRU is unrolled over a known number of frames).
 *
 * <p>Outputs: {@code z} {@code [batch, encoderChannels, frames]}, the convolutional encoding (the
 * module's input when it has no convolution), and {@code c} {@code [batch, outputChannels, frames]},
 * the module's output (the GRU's, or {@code z} when there is no GRU). Training back-propagates an
 * upstream gradient through both with the surrogate loss {@code sum(c·dc) + sum(z·dz)}, so the
 * InfoNCE head can live in its own graph.
 */
public final class SameDiffModuleGraph {

    public static final String INPUT = "input";
    public static final String ENCODED = "z";
    public static final String CONTEXT = "c";
    static final String GRAD_CONTEXT = "grad_c";
    static final String GRAD_ENCODED = "grad_z";
    static final String SURROGATE = "surrogate";

    private final SameDiff sd;
    private final ModuleSpec spec;
    private final int inputLength;
    private final int outputLength;
    private final boolean encodedIsTrainable;
    private final List<String> parameterNames;

    private SameDiffModuleGraph(SameDiff sd, ModuleSpec spec, int inputLength, int outputLength,
                                boolean encodedIsTrainable, List<String> parameterNames) {
        this.sd = sd;
        this.spec = spec;
        this.inputLength = inputLength;
        this.outputLength = outputLength;
        this.encodedIsTrainable = encodedIsTrainable;
        this.parameterNames = parameterNames;
    }

    /**
     * @param parameters initial values by {@link ParameterNames} name (copied into the graph)
     */
    public static SameDiffModuleGraph build(ModuleSpec spec, int inputLength, DataType dataType,
                                            Map<String, INDArray> parameters) {
        long frames = spec.outputLength(inputLength);
        if (frames < 1) {
            throw new IllegalArgumentException("module " + spec.index() + " produces no frame from " + inputLength + " input frames");
        }
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, dataType, -1, spec.inputChannels(), inputLength);
        SDVariable z = x;
        SDVariable c = null;
        int channels = spec.inputChannels();
        long length = inputLength;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            if (layer instanceof Conv1dLayer conv) {
                SDVariable w = param(sd, parameters, ParameterNames.convWeight(j), names);
                SDVariable b = param(sd, parameters, ParameterNames.convBias(j), names);
                Conv1DConfig config = new Conv1DConfig(conv.kernel(), conv.stride(), conv.padding(), 1,
                        Conv1DConfig.NCW, PaddingMode.VALID);
                z = sd.nn().relu(sd.cnn().conv1d(z, w, b, config), 0);
            } else if (layer instanceof GruLayer gru) {
                c = lowerGru(sd, parameters, j, z, channels, (int) length, gru.hidden(), names);
            }
            channels = layer.outputChannels(channels);
            length = layer.outputLength(length);
        }
        z = sd.identity(ENCODED, z);
        c = c == null ? sd.identity(CONTEXT, z) : sd.identity(CONTEXT, c);
        boolean encodedTrainable = spec.hasConvolution() && spec.hasAutoregressor();
        SDVariable surrogate = c.mul(sd.placeHolder(GRAD_CONTEXT, dataType, c.getShape())).sum();
        if (encodedTrainable) {
            surrogate = surrogate.add(z.mul(sd.placeHolder(GRAD_ENCODED, dataType, z.getShape())).sum());
        }
        sd.identity(SURROGATE, surrogate);
        sd.setLossVariables(SURROGATE);
        QuietGradientBuild.createGradients(sd);
        return new SameDiffModuleGraph(sd, spec, inputLength, (int) frames, encodedTrainable, List.copyOf(names));
    }

    private static SDVariable param(SameDiff sd, Map<String, INDArray> parameters, String name, List<String> names) {
        INDArray value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        names.add(name);
        return sd.var(name, value.dup());
    }

    /**
     * A GRU written from mmul, sigmoid and tanh over time slices from {@code unstack} (SameDiff's
     * built-in GRU has wrong gradients in M2.1). PyTorch gate equations:
     * r = σ(x·W_ir + b_ir + h·W_hr + b_hr), u = σ(x·W_iz + b_iz + h·W_hz + b_hz),
     * n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn)), h' = n + u ⊙ (h − n).
     *
     * @param x {@code [batch, channels, frames]}; returns {@code [batch, hidden, frames]}
     */
    private static SDVariable lowerGru(SameDiff sd, Map<String, INDArray> parameters, int layer, SDVariable x,
                                       int channels, int frames, int hidden, List<String> names) {
        SDVariable timeMajor = sd.reshape(sd.permute(x, 2, 0, 1), -1, channels); // [frames*batch, channels]
        Map<String, SDVariable[]> inputProjections = new HashMap<>();
        Map<String, SDVariable> recurrent = new HashMap<>();
        Map<String, SDVariable> recurrentBias = new HashMap<>();
        for (String gate : ParameterNames.GRU_GATES) {
            SDVariable wi = param(sd, parameters, ParameterNames.gruInputWeight(layer, gate), names);
            SDVariable wh = param(sd, parameters, ParameterNames.gruRecurrentWeight(layer, gate), names);
            SDVariable bi = param(sd, parameters, ParameterNames.gruInputBias(layer, gate), names);
            SDVariable bh = param(sd, parameters, ParameterNames.gruRecurrentBias(layer, gate), names);
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

    /** Runs the module: {@code [z, c]} for {@code input} {@code [batch, inputChannels, inputLength]}. */
    public INDArray[] forward(INDArray input) {
        Map<String, INDArray> out = sd.output(Map.of(INPUT, input), ENCODED, CONTEXT);
        return new INDArray[]{out.get(ENCODED), out.get(CONTEXT)};
    }

    /**
     * Gradients of the module's parameters given dL/dc and (when the encoding is trained through its
     * own InfoNCE targets) dL/dz.
     */
    public Map<String, INDArray> parameterGradients(INDArray input, INDArray gradContext, INDArray gradEncoded) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(INPUT, input);
        feeds.put(GRAD_CONTEXT, gradContext);
        if (encodedIsTrainable) {
            feeds.put(GRAD_ENCODED, gradEncoded);
        }
        return sd.calculateGradients(feeds, parameterNames);
    }

    /** Whether the InfoNCE targets are this module's own (trainable) encoding rather than its frozen input. */
    public boolean targetsAreOwnEncoding() {
        return spec.hasConvolution();
    }

    /** Whether z and c are distinct tensors that both need an upstream gradient. */
    public boolean encodedIsSeparatelyTrainable() {
        return encodedIsTrainable;
    }

    /** The live parameter arrays (updating them in place updates the graph). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : parameterNames) {
            params.put(name, sd.getVariable(name).getArr());
        }
        return params;
    }

    public ModuleSpec spec() {
        return spec;
    }

    public int inputLength() {
        return inputLength;
    }

    public int outputLength() {
        return outputLength;
    }
}
