package ai.gim.benchmarks.torch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The libtorch engine, loaded offline from the {@code pytorch-native-cpu} jar on the classpath
 * (DJL would otherwise try to download a native build at first use).
 */
public final class Torch {

    private Torch() {
    }

    /** A float copy of {@code array} in libtorch, same shape (row-major). */
    public static NDArray array(INDArray array, NDManager manager) {
        return manager.create(array.dup('c').data().asFloat(), new Shape(array.shape()));
    }

    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    public static Engine engine() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("PYTORCH_FLAVOR", "cpu");
        setIfAbsent("PYTORCH_VERSION", "2.7.1");
        return Engine.getEngine("PyTorch");
    }

    /** Why libtorch cannot run on CUDA here, or null when it can. */
    public static String cudaUnavailableReason() {
        return engine().getGpuCount() > 0 ? null
                : "libtorch here is the CPU build (pytorch-native-cpu); it sees no CUDA device";
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
