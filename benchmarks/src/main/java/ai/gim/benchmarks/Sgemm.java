package ai.gim.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-precision n×n×n matrix products, the machine's practical peak: ND4J's BLAS into a
 * preallocated result (allocating the result halves its speed) and libtorch's {@code matmul}.
 */
public final class Sgemm {

    private Sgemm() {
    }

    public static double flops(int n) {
        return 2.0 * n * n * n;
    }

    public static Workload nd4j(int n) {
        INDArray a = Nd4j.create(EncoderFixture.noise(new long[]{n, n}, 1), new long[]{n, n}, 'f');
        INDArray b = Nd4j.create(EncoderFixture.noise(new long[]{n, n}, 2), new long[]{n, n}, 'f');
        INDArray c = Nd4j.createUninitialized(a.dataType(), new long[]{n, n}, 'f');
        return () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }

    public static Workload torch(NDManager manager, int n) {
        NDArray a = manager.create(EncoderFixture.noise(new long[]{n, n}, 1), new Shape(n, n));
        NDArray b = manager.create(EncoderFixture.noise(new long[]{n, n}, 2), new Shape(n, n));
        return () -> a.matMul(b).close();
    }
}
