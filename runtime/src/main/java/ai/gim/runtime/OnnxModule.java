package ai.gim.runtime;

import ai.gim.models.InvalidInputException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One exported module in an ONNX Runtime session, opened once and run many times. Inputs go in
 * through a reused direct buffer; a module's raw output can be handed to the next module without a
 * copy ({@link #runRaw(OnnxTensor)}).
 */
public final class OnnxModule implements AutoCloseable {

    private final OrtSession session;
    private final SessionFactory sessions;
    private final String inputName;
    private final String outputName;
    private FloatBuffer inputBuffer;

    public OnnxModule(SessionFactory sessions, byte[] model) {
        this.sessions = sessions;
        this.session = sessions.open(model);
        this.inputName = session.getInputNames().iterator().next();
        this.outputName = session.getOutputNames().iterator().next();
    }

    /** Runs the module on a heap tensor and copies the output back to the heap. */
    public FloatTensor run(FloatTensor input) {
        try (OnnxTensor in = tensor(input); OrtSession.Result result = session.run(Map.of(inputName, in))) {
            return toHeap((OnnxTensor) result.get(0));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on module input " + java.util.Arrays.toString(input.shape()), e);
        }
    }

    /** Runs on an ONNX tensor; the caller closes the result. */
    OrtSession.Result runRaw(OnnxTensor input) throws OrtException {
        return session.run(Map.of(inputName, input));
    }

    OnnxTensor tensor(FloatTensor input) throws OrtException {
        int n = input.data().length;
        if (inputBuffer == null || inputBuffer.capacity() < n) {
            inputBuffer = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        inputBuffer.clear();
        inputBuffer.put(input.data()).flip();
        return OnnxTensor.createTensor(sessions.environment(), inputBuffer.slice(), input.shape());
    }

    static FloatTensor toHeap(OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new InvalidInputException("module output is not a tensor: " + value.getInfo());
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        return new FloatTensor(data, tensor.getInfo().getShape());
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX Runtime session", e);
        }
    }
}
