package ai.gim.compiler.export;

import ai.gim.runtime.FloatTensor;
import ai.gim.runtime.OnnxModule;
import ai.gim.runtime.SessionFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Runs an exported module in ONNX Runtime and its SameDiff module on the same input and measures
 * the largest absolute difference. Both compute in float32 with different kernels and summation
 * orders, so the bound scales with the output's magnitude: {@code 1e-4 · max(1, max|SameDiff|)}.
 */
public final class ParityCheck {

    public static final double RELATIVE_TOLERANCE = 1e-4;

    private ParityCheck() {
    }

    public record Result(double maxAbsDiff, double tolerance) {
        public boolean passed() {
            return maxAbsDiff <= tolerance;
        }
    }

    /**
     * @param expected the SameDiff module's output for {@code input}
     */
    public static Result compare(int moduleIndex, byte[] onnxModel, INDArray input, INDArray expected, SessionFactory sessions) {
        FloatTensor actual;
        try (OnnxModule module = new OnnxModule(sessions, onnxModel)) {
            actual = module.run(new FloatTensor(input.castTo(DataType.FLOAT).dup('c').data().asFloat(), input.shape()));
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new IllegalStateException("module " + moduleIndex + ": ONNX output shape " + Arrays.toString(actual.shape())
                    + " differs from SameDiff's " + Arrays.toString(expected.shape()));
        }
        float[] ref = expected.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < ref.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - actual.data()[i]));
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
        }
        return new Result(maxDiff, RELATIVE_TOLERANCE * Math.max(1.0, maxRef));
    }
}
