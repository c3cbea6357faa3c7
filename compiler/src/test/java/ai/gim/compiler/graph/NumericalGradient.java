package ai.gim.compiler.graph;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite differences in double precision against an analytic gradient. */
final class NumericalGradient {

    static final double EPSILON = 1e-6;
    static final double MAX_RELATIVE_ERROR = 1e-5;
    static final double MIN_ABSOLUTE_ERROR = 1e-8;

    private NumericalGradient() {
    }

    /**
     * Perturbs every entry of {@code x} (in place, restored afterwards) and compares
     * (f(x+ε) − f(x−ε)) / 2ε with {@code analytic}.
     */
    static void check(String name, INDArray x, INDArray analytic, DoubleSupplier loss) {
        INDArray flat = x.reshape(x.length());
        INDArray grad = analytic.reshape(analytic.length());
        assertTrue(flat.length() == grad.length(), name + ": gradient has " + grad.length() + " entries, parameter " + flat.length());
        for (long i = 0; i < flat.length(); i++) {
            double original = flat.getDouble(i);
            flat.putScalar(i, original + EPSILON);
            double plus = loss.getAsDouble();
            flat.putScalar(i, original - EPSILON);
            double minus = loss.getAsDouble();
            flat.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPSILON);
            double a = grad.getDouble(i);
            double absError = Math.abs(numeric - a);
            double relError = absError / Math.max(Math.abs(numeric) + Math.abs(a), 1e-12);
            assertTrue(absError < MIN_ABSOLUTE_ERROR || relError < MAX_RELATIVE_ERROR,
                    name + "[" + i + "]: analytic " + a + " vs numeric " + numeric + " (relative error " + relError + ")");
        }
    }
}
