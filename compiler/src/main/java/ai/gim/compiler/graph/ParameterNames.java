package ai.gim.compiler.graph;

/**
 * Names of a module's parameters, shared by the SameDiff lowering, the checkpoints and the ONNX
 * lowering. Layer {@code j} is the j-th layer of the module (0-based).
 */
public final class ParameterNames {

    /** The GRU's parameters, per gate: input weights {@code [in, hidden]}, recurrent {@code [hidden, hidden]}, biases {@code [hidden]}. */
    public static final String[] GRU_GATES = {"z", "r", "n"};

    private ParameterNames() {
    }

    /** Conv weight: conv1d {@code [k, in, out]}, conv2d {@code [k, k, in, out]} (SameDiff's layouts). */
    public static String convWeight(int layer) {
        return "layer" + layer + "/weight";
    }

    public static String convBias(int layer) {
        return "layer" + layer + "/bias";
    }

    /** A bias-free convolution of a ResNet block, {@code [k, k, in, out]}: conv1, conv2, conv3 or shortcut. */
    public static String blockWeight(int layer, String conv) {
        return "layer" + layer + "/" + conv;
    }

    public static String gruInputWeight(int layer, String gate) {
        return "layer" + layer + "/W_i" + gate;
    }

    public static String gruRecurrentWeight(int layer, String gate) {
        return "layer" + layer + "/W_h" + gate;
    }

    public static String gruInputBias(int layer, String gate) {
        return "layer" + layer + "/b_i" + gate;
    }

    public static String gruRecurrentBias(int layer, String gate) {
        return "layer" + layer + "/b_h" + gate;
    }
}
