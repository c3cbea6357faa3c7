package ai.gim.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The first {@code depth} modules of an artifact, run as a chain: module K's output feeds module K+1
 * inside ONNX Runtime, and every module's output can be collected on the way.
 */
public final class ModuleChain implements AutoCloseable {

    private final List<OnnxModule> modules;

    private ModuleChain(List<OnnxModule> modules) {
        this.modules = modules;
    }

    /** Opens modules 0..depth-1 of {@code artifact}, verifying each file's SHA-256. */
    public static ModuleChain open(Artifact artifact, int depth, Device device) {
        List<byte[]> models = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            models.add(artifact.moduleBytes(k));
        }
        return of(models, device);
    }

    /** A chain of serialized ONNX models, module 0 first. */
    public static ModuleChain of(List<byte[]> models, Device device) {
        SessionFactory sessions = new SessionFactory(device);
        List<OnnxModule> modules = new ArrayList<>();
        try {
            for (byte[] model : models) {
                modules.add(new OnnxModule(sessions, model));
            }
        } catch (RuntimeException e) {
            modules.forEach(OnnxModule::close);
            throw e;
        }
        return new ModuleChain(List.copyOf(modules));
    }

    /** Every module's output for {@code input} ({@code [batch, channels, samples]} for audio). */
    public List<FloatTensor> runAll(FloatTensor input) {
        return execute(input, true);
    }

    /** The last module's output only. */
    public FloatTensor run(FloatTensor input) {
        return execute(input, false).get(0);
    }

    private List<FloatTensor> execute(FloatTensor input, boolean everyModule) {
        List<FloatTensor> outputs = new ArrayList<>(modules.size());
        List<OrtSession.Result> open = new ArrayList<>();
        try (OnnxTensor first = modules.get(0).tensor(input)) {
            OnnxTensor current = first;
            for (OnnxModule module : modules) {
                OrtSession.Result result = module.runRaw(current);
                open.add(result);
                current = (OnnxTensor) result.get(0);
                if (everyModule || module == modules.get(modules.size() - 1)) {
                    outputs.add(OnnxModule.toHeap(current));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on chain input " + java.util.Arrays.toString(input.shape()), e);
        } finally {
            open.forEach(OrtSession.Result::close);
        }
        return outputs;
    }

    public int depth() {
        return modules.size();
    }

    @Override
    public void close() {
        modules.forEach(OnnxModule::close);
    }
}
