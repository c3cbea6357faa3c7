package ai.gim.compiler.export;

import ai.gim.compiler.graph.ParameterNames;
import ai.gim.models.Conv1dLayer;
import ai.gim.models.Conv2dLayer;
import ai.gim.models.PatchGrid;
import ai.gim.models.PreActBasicBlock;
import ai.gim.models.PreActBottleneck;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Lowers one module to an ONNX model, layer type by layer type, mirroring
 * {@link ai.gim.compiler.graph.SameDiffModuleGraph}: {@code conv1d_relu} becomes Conv + Relu (weights
 * transposed from SameDiff's {@code [k, in, out]} to ONNX's {@code [out, in, k]}); {@code gru} becomes
 * Transpose + GRU ({@code linear_before_reset=1}, gates stacked z, r, h) + Squeeze + Transpose;
 * {@code patch_grid} a Conv with a one-hot kernel + Transpose + Reshape; {@code conv2d} a Conv
 * ({@code [k, k, in, out]} to {@code [out, in, k, k]}); the pre-activation blocks Relu, Conv and Add.
 * Audio modules map {@code input [batch, C, time]} to {@code output [batch, C', frames]}; vision
 * modules map {@code [batch, C, side, side]} images (module 0) or {@code [patches, C, s, s]} maps to
 * {@code [patches, C', s', s']}.
 */
public final class OnnxModuleLowering {

    public static final int OPSET = 17;
    public static final int IR_VERSION = 8;
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private OnnxModuleLowering() {
    }

    public static byte[] lower(ModuleSpec spec, Map<String, INDArray> parameters, String producerVersion) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("gim_module_" + spec.index());
        boolean vision = spec.layers().stream().noneMatch(l -> l instanceof Conv1dLayer || l instanceof GruLayer);
        boolean images = spec.layers().get(0) instanceof PatchGrid;
        graph.addInput(vision ? valueInfo(INPUT, spec.inputChannels(), images ? "batch" : "patches", "height", "width")
                : valueInfo(INPUT, spec.inputChannels(), "batch", "time"));
        String x = INPUT;
        int channels = spec.inputChannels();
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            String out = j == spec.layers().size() - 1 ? OUTPUT : "layer" + j + "_out";
            if (layer instanceof Conv1dLayer conv) {
                lowerConv(graph, conv, j, x, out, parameters);
            } else if (layer instanceof GruLayer gru) {
                lowerGru(graph, gru, j, channels, x, out, parameters);
            } else if (layer instanceof PatchGrid grid) {
                lowerPatchGrid(graph, grid, channels, x, out);
            } else if (layer instanceof Conv2dLayer conv) {
                conv2d(graph, "layer" + j, ParameterNames.convWeight(j), ParameterNames.convBias(j), conv.kernel(),
                        conv.stride(), conv.padding(), x, out, parameters);
            } else if (layer instanceof PreActBottleneck block) {
                lowerBottleneck(graph, block, j, channels, x, out, parameters);
            } else if (layer instanceof PreActBasicBlock block) {
                lowerBasicBlock(graph, block, j, channels, x, out, parameters);
            }
            x = out;
            channels = layer.outputChannels(channels);
        }
        graph.addOutput(vision ? valueInfo(OUTPUT, spec.outputChannels(), "patches", "out_height", "out_width")
                : valueInfo(OUTPUT, spec.outputChannels(), "batch", "frames"));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("gim-compile")
                .setProducerVersion(producerVersion)
                .setDocString("Greedy InfoMax module " + spec.index() + ": " + spec.layers())
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static void lowerConv(GraphProto.Builder graph, Conv1dLayer conv, int j, String x, String out,
                                  Map<String, INDArray> parameters) {
        String w = ParameterNames.convWeight(j);
        String b = ParameterNames.convBias(j);
        graph.addInitializer(initializer(w, required(parameters, w).permute(2, 1, 0)));
        graph.addInitializer(initializer(b, required(parameters, b)));
        String convOut = "layer" + j + "_conv";
        graph.addNode(NodeProto.newBuilder().setOpType("Conv").setName("layer" + j + "/conv")
                .addInput(x).addInput(w).addInput(b).addOutput(convOut)
                .addAttribute(ints("kernel_shape", conv.kernel()))
                .addAttribute(ints("strides", conv.stride()))
                .addAttribute(ints("pads", conv.padding(), conv.padding()))
                .addAttribute(ints("dilations", 1)));
        graph.addNode(NodeProto.newBuilder().setOpType("Relu").setName("layer" + j + "/relu")
                .addInput(convOut).addOutput(out));
    }

    /** Conv with a one-hot kernel: output channel c·p² + i·p + j copies input pixel (c, i, j) of each patch. */
    private static void lowerPatchGrid(GraphProto.Builder graph, PatchGrid grid, int channels, String x, String out) {
        int p = grid.patch();
        INDArray kernel = Nd4j.zeros(DataType.FLOAT, (long) channels * p * p, channels, p, p);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    kernel.putScalar(new long[]{(long) c * p * p + (long) i * p + j, c, i, j}, 1.0);
                }
            }
        }
        graph.addInitializer(initializer("patch_grid/kernel", kernel));
        graph.addInitializer(TensorProto.newBuilder().setName("patch_grid/shape")
                .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(4)
                .addInt64Data(-1).addInt64Data(channels).addInt64Data(p).addInt64Data(p));
        graph.addNode(NodeProto.newBuilder().setOpType("Conv").setName("patch_grid/extract")
                .addInput(x).addInput("patch_grid/kernel").addOutput("patch_grid_columns")
                .addAttribute(ints("kernel_shape", p, p)).addAttribute(ints("strides", grid.stride(), grid.stride())));
        graph.addNode(NodeProto.newBuilder().setOpType("Transpose").setName("patch_grid/patch_major")
                .addInput("patch_grid_columns").addOutput("patch_grid_rows").addAttribute(ints("perm", 0, 2, 3, 1)));
        graph.addNode(NodeProto.newBuilder().setOpType("Reshape").setName("patch_grid/split")
                .addInput("patch_grid_rows").addInput("patch_grid/shape").addOutput(out));
    }

    /** A 2-D convolution; {@code biasName} null for a bias-free one. Weights {@code [k, k, in, out]} → {@code [out, in, k, k]}. */
    private static void conv2d(GraphProto.Builder graph, String name, String weightName, String biasName, int kernel,
                               int stride, int padding, String x, String out, Map<String, INDArray> parameters) {
        graph.addInitializer(initializer(weightName, required(parameters, weightName).permute(3, 2, 0, 1)));
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("Conv").setName(name)
                .addInput(x).addInput(weightName).addOutput(out)
                .addAttribute(ints("kernel_shape", kernel, kernel))
                .addAttribute(ints("strides", stride, stride))
                .addAttribute(ints("pads", padding, padding, padding, padding));
        if (biasName != null) {
            graph.addInitializer(initializer(biasName, required(parameters, biasName)));
            node.addInput(biasName);
        }
        graph.addNode(node);
    }

    private static String relu(GraphProto.Builder graph, String x, String out) {
        graph.addNode(NodeProto.newBuilder().setOpType("Relu").setName(out).addInput(x).addOutput(out));
        return out;
    }

    private static String shortcut(GraphProto.Builder graph, boolean projects, int j, int stride, String x, String activated,
                                   Map<String, INDArray> parameters) {
        if (!projects) {
            return x;
        }
        String out = "layer" + j + "_shortcut";
        conv2d(graph, out, ParameterNames.blockWeight(j, "shortcut"), null, 1, stride, 0, activated, out, parameters);
        return out;
    }

    private static void lowerBottleneck(GraphProto.Builder graph, PreActBottleneck block, int j, int channels, String x,
                                        String out, Map<String, INDArray> parameters) {
        String p = "layer" + j;
        String a = relu(graph, x, p + "_a");
        String skip = shortcut(graph, block.projects(channels), j, block.stride(), x, a, parameters);
        conv2d(graph, p + "_c1", ParameterNames.blockWeight(j, "conv1"), null, 1, 1, 0, a, p + "_c1", parameters);
        conv2d(graph, p + "_c2", ParameterNames.blockWeight(j, "conv2"), null, 3, block.stride(), 1, relu(graph, p + "_c1", p + "_r1"), p + "_c2", parameters);
        conv2d(graph, p + "_c3", ParameterNames.blockWeight(j, "conv3"), null, 1, 1, 0, relu(graph, p + "_c2", p + "_r2"), p + "_c3", parameters);
        graph.addNode(NodeProto.newBuilder().setOpType("Add").setName(p + "/residual").addInput(p + "_c3").addInput(skip).addOutput(out));
    }

    private static void lowerBasicBlock(GraphProto.Builder graph, PreActBasicBlock block, int j, int channels, String x,
                                        String out, Map<String, INDArray> parameters) {
        String p = "layer" + j;
        String a = relu(graph, x, p + "_a");
        String skip = shortcut(graph, block.projects(channels), j, block.stride(), x, a, parameters);
        conv2d(graph, p + "_c1", ParameterNames.blockWeight(j, "conv1"), null, 3, block.stride(), 1, a, p + "_c1", parameters);
        conv2d(graph, p + "_c2", ParameterNames.blockWeight(j, "conv2"), null, 3, 1, 1, relu(graph, p + "_c1", p + "_r1"), p + "_c2", parameters);
        graph.addNode(NodeProto.newBuilder().setOpType("Add").setName(p + "/residual").addInput(p + "_c2").addInput(skip).addOutput(out));
    }

    private static void lowerGru(GraphProto.Builder graph, GruLayer gru, int j, int channels, String x, String out,
                                 Map<String, INDArray> parameters) {
        int h = gru.hidden();
        String prefix = "layer" + j;
        INDArray w = Nd4j.create(DataType.FLOAT, 1, 3L * h, channels);
        INDArray r = Nd4j.create(DataType.FLOAT, 1, 3L * h, h);
        INDArray bias = Nd4j.create(DataType.FLOAT, 1, 6L * h);
        for (int g = 0; g < 3; g++) {
            String gate = ParameterNames.GRU_GATES[g]; // z, r, n: ONNX's z, r, h order
            w.get(point(0), interval(g * h, (g + 1) * h), all()).assign(required(parameters, ParameterNames.gruInputWeight(j, gate)).transpose());
            r.get(point(0), interval(g * h, (g + 1) * h), all()).assign(required(parameters, ParameterNames.gruRecurrentWeight(j, gate)).transpose());
            bias.get(point(0), interval(g * h, (g + 1) * h)).assign(required(parameters, ParameterNames.gruInputBias(j, gate)));
            bias.get(point(0), interval((3 + g) * h, (4 + g) * h)).assign(required(parameters, ParameterNames.gruRecurrentBias(j, gate)));
        }
        graph.addInitializer(initializer(prefix + "/W", w));
        graph.addInitializer(initializer(prefix + "/R", r));
        graph.addInitializer(initializer(prefix + "/B", bias));
        graph.addInitializer(TensorProto.newBuilder().setName(prefix + "/squeeze_axes")
                .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(1).addInt64Data(1));
        graph.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(prefix + "/to_time_major")
                .addInput(x).addOutput(prefix + "_tbc").addAttribute(ints("perm", 2, 0, 1)));
        graph.addNode(NodeProto.newBuilder().setOpType("GRU").setName(prefix + "/gru")
                .addInput(prefix + "_tbc").addInput(prefix + "/W").addInput(prefix + "/R").addInput(prefix + "/B")
                .addOutput(prefix + "_y")
                .addAttribute(AttributeProto.newBuilder().setName("hidden_size").setType(AttributeProto.AttributeType.INT).setI(h))
                .addAttribute(AttributeProto.newBuilder().setName("linear_before_reset").setType(AttributeProto.AttributeType.INT).setI(1)));
        graph.addNode(NodeProto.newBuilder().setOpType("Squeeze").setName(prefix + "/drop_direction")
                .addInput(prefix + "_y").addInput(prefix + "/squeeze_axes").addOutput(prefix + "_tbh"));
        graph.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(prefix + "/to_channels_first")
                .addInput(prefix + "_tbh").addOutput(out).addAttribute(ints("perm", 1, 2, 0)));
    }

    private static INDArray required(Map<String, INDArray> parameters, String name) {
        INDArray value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        return value;
    }

    private static TensorProto initializer(String name, INDArray value) {
        INDArray data = value.castTo(DataType.FLOAT).dup('c');
        ByteBuffer bytes = ByteBuffer.allocate((int) data.length() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data.data().asFloat(), 0, (int) data.length());
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : data.shape()) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** A float tensor {@code [batchAxis, channels, otherAxes...]} with symbolic axes named. */
    private static ValueInfoProto valueInfo(String name, int channels, String batchAxis, String... otherAxes) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchAxis))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(channels));
        for (String axis : otherAxes) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(axis));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape.build())))
                .build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }
}
