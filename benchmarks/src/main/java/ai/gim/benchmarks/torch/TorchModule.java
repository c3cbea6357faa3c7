package ai.gim.benchmarks.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.gim.compiler.graph.ParameterNames;
import ai.gim.models.Conv1dLayer;
import ai.gim.models.Conv2dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import ai.gim.models.PatchGrid;
import ai.gim.models.PreActBasicBlock;
import ai.gim.models.PreActBottleneck;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One module in libtorch (through DJL's PyTorch engine), layer for layer what
 * {@link ai.gim.compiler.graph.SameDiffModuleGraph} and the ONNX lowering build, with the same
 * weights: the peer the benchmarks measure {@code gim} against. The GRU is libtorch's fused
 * {@code torch.gru} (the original code's {@code nn.GRU}).
 */
public final class TorchModule {

    private final ModuleSpec spec;
    private final Map<String, NDArray> parameters;
    private final NDArray patchKernel;

    private TorchModule(ModuleSpec spec, Map<String, NDArray> parameters, NDArray patchKernel) {
        this.spec = spec;
        this.parameters = parameters;
        this.patchKernel = patchKernel;
    }

    /**
     * @param sameDiffParameters the parameters by {@link ParameterNames} name in SameDiff's layouts
     * @param trainable          whether libtorch records gradients for them
     */
    public static TorchModule of(ModuleSpec spec, Map<String, INDArray> sameDiffParameters, NDManager manager, boolean trainable) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        NDArray patchKernel = null;
        int channels = spec.inputChannels();
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            if (layer instanceof GruLayer) {
                params.put(gruName(j, "w_ih"), gruStack(sameDiffParameters, j, ParameterNames::gruInputWeight, true, manager));
                params.put(gruName(j, "w_hh"), gruStack(sameDiffParameters, j, ParameterNames::gruRecurrentWeight, true, manager));
                params.put(gruName(j, "b_ih"), gruStack(sameDiffParameters, j, ParameterNames::gruInputBias, false, manager));
                params.put(gruName(j, "b_hh"), gruStack(sameDiffParameters, j, ParameterNames::gruRecurrentBias, false, manager));
            } else if (layer instanceof PatchGrid grid) {
                patchKernel = patchKernel(grid.patch(), channels, manager);
            } else {
                for (Map.Entry<String, INDArray> e : sameDiffParameters.entrySet()) {
                    if (e.getKey().startsWith("layer" + j + "/")) {
                        params.put(e.getKey(), toTorchLayout(e.getValue(), manager));
                    }
                }
            }
            channels = layer.outputChannels(channels);
        }
        params.values().forEach(p -> p.setRequiresGradient(trainable));
        return new TorchModule(spec, params, patchKernel);
    }

    /** SameDiff's conv weights {@code [k, in, out]} / {@code [k, k, in, out]} to libtorch's {@code [out, in, k(, k)]}; vectors as they are. */
    private static NDArray toTorchLayout(INDArray value, NDManager manager) {
        INDArray torchOrder = switch (value.rank()) {
            case 3 -> value.permute(2, 1, 0);
            case 4 -> value.permute(3, 2, 0, 1);
            default -> value;
        };
        return Torch.array(torchOrder, manager);
    }

    /** libtorch stacks the GRU's gates r, z, n; weights as {@code [3·hidden, in]}. */
    private static NDArray gruStack(Map<String, INDArray> params, int layer, java.util.function.BiFunction<Integer, String, String> name,
                                    boolean transpose, NDManager manager) {
        INDArray[] gates = new INDArray[3];
        String[] order = {"r", "z", "n"};
        for (int g = 0; g < 3; g++) {
            INDArray p = params.get(name.apply(layer, order[g]));
            if (p == null) {
                throw new IllegalArgumentException("missing parameter " + name.apply(layer, order[g]));
            }
            gates[g] = transpose ? p.transpose() : p;
        }
        return Torch.array(org.nd4j.linalg.factory.Nd4j.concat(0, gates), manager);
    }

    private static String gruName(int layer, String part) {
        return "layer" + layer + "/gru_" + part;
    }

    /** The module's output and its convolutional encoding (the last conv layer's output, or the input). */
    public record Outputs(NDArray output, NDArray encoding) {
    }

    public Outputs forward(NDArray x) {
        NDArray encoding = x;
        int channels = spec.inputChannels();
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            if (layer instanceof Conv1dLayer conv) {
                x = Activation.relu(Conv1d.conv1d(x, param(ParameterNames.convWeight(j)), param(ParameterNames.convBias(j)),
                        new Shape(conv.stride()), new Shape(conv.padding()), new Shape(1), 1).singletonOrThrow());
                encoding = x;
            } else if (layer instanceof GruLayer gru) {
                x = gru(j, x, gru.hidden());
            } else if (layer instanceof PatchGrid grid) {
                x = patches(grid, x, channels);
            } else if (layer instanceof Conv2dLayer conv) {
                x = conv2d(x, param(ParameterNames.convWeight(j)), param(ParameterNames.convBias(j)), conv.stride(), conv.padding());
            } else if (layer instanceof PreActBottleneck block) {
                NDArray a = Activation.relu(x);
                NDArray shortcut = block.projects(channels) ? conv2d(a, param(ParameterNames.blockWeight(j, "shortcut")), null, block.stride(), 0) : x;
                NDArray h = Activation.relu(conv2d(a, param(ParameterNames.blockWeight(j, "conv1")), null, 1, 0));
                h = Activation.relu(conv2d(h, param(ParameterNames.blockWeight(j, "conv2")), null, block.stride(), 1));
                x = conv2d(h, param(ParameterNames.blockWeight(j, "conv3")), null, 1, 0).add(shortcut);
            } else if (layer instanceof PreActBasicBlock block) {
                NDArray a = Activation.relu(x);
                NDArray shortcut = block.projects(channels) ? conv2d(a, param(ParameterNames.blockWeight(j, "shortcut")), null, block.stride(), 0) : x;
                NDArray h = Activation.relu(conv2d(a, param(ParameterNames.blockWeight(j, "conv1")), null, block.stride(), 1));
                x = conv2d(h, param(ParameterNames.blockWeight(j, "conv2")), null, 1, 1).add(shortcut);
            }
            channels = layer.outputChannels(channels);
        }
        return new Outputs(x, encoding);
    }

    private static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** {@code [batch, C, T]} through {@code torch.gru} (batch-first), back to {@code [batch, hidden, T]}. */
    private NDArray gru(int j, NDArray x, int hidden) {
        NDArray sequence = x.transpose(0, 2, 1);
        NDArray state = x.getManager().zeros(new Shape(1, x.getShape().get(0), hidden));
        NDList params = new NDList(param(gruName(j, "w_ih")), param(gruName(j, "w_hh")), param(gruName(j, "b_ih")), param(gruName(j, "b_hh")));
        NDList out = sequence.getNDArrayInternal().gru(sequence, state, params, true, 1, 0, false, false, true);
        return out.get(0).transpose(0, 2, 1);
    }

    /** The same one-hot convolution as the SameDiff and ONNX lowerings, then one patch per batch row. */
    private NDArray patches(PatchGrid grid, NDArray images, int channels) {
        int p = grid.patch();
        NDArray columns = conv2d(images, patchKernel, null, grid.stride(), 0);
        return columns.transpose(0, 2, 3, 1).reshape(-1, channels, p, p);
    }

    /** Output channel o = (c, i, j) copies input pixel (c, i, j). */
    private static NDArray patchKernel(int p, int channels, NDManager manager) {
        int outputs = channels * p * p;
        float[] k = new float[outputs * outputs];
        for (int o = 0; o < outputs; o++) {
            k[o * outputs + o] = 1f;
        }
        return manager.create(k, new Shape(outputs, channels, p, p));
    }

    private NDArray param(String name) {
        NDArray p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        return p;
    }

    /** The trainable arrays, by name. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public ModuleSpec spec() {
        return spec;
    }
}
