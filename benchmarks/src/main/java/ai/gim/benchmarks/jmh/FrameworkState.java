package ai.gim.benchmarks.jmh;

import ai.djl.ndarray.NDManager;
import ai.gim.benchmarks.Workload;
import ai.gim.benchmarks.torch.Torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every JMH benchmark here shares: one workload per trial, built by {@link #workload()} from
 * the {@code @Param}s, average time per run in milliseconds, and a libtorch manager and resources
 * closed at the end of the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxbytes=12G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G"})
public abstract class FrameworkState {

    private final List<AutoCloseable> resources = new ArrayList<>();
    protected NDManager torch;
    private Workload workload;

    protected abstract Workload workload() throws Exception;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        torch = keep(Torch.newManager());
        workload = workload();
    }

    protected <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Benchmark
    public void run() {
        workload.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
