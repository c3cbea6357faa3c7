package ai.gim.runtime;

import ai.gim.models.InvalidInputException;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Creates ONNX Runtime sessions with the options every module uses: all graph optimisations, one
 * intra-op thread per core, and the CUDA provider when asked for or when {@code auto} finds it.
 */
public final class SessionFactory {

    private static final Logger LOG = Logger.getLogger(SessionFactory.class.getName());

    // FATAL only: a failed CUDA probe would otherwise print ONNX Runtime's own error line before ours;
    // real failures still surface as OrtExceptions. One per process: ONNX Runtime warns when asked
    // for a second environment with a logging level.
    private static final OrtEnvironment ENVIRONMENT = createEnvironment();
    private final Device requested;
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    public SessionFactory(Device requested) {
        this.requested = requested;
    }

    public OrtEnvironment environment() {
        return ENVIRONMENT;
    }

    public static String onnxRuntimeVersion() {
        return ENVIRONMENT.getVersion();
    }

    public OrtSession open(byte[] model) {
        try {
            return ENVIRONMENT.createSession(model, options());
        } catch (OrtException e) {
            throw new InvalidInputException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    private OrtSession.SessionOptions options() throws OrtException {
        if (requested != Device.CPU) {
            String unavailable = cudaUnavailableReason();
            if (unavailable == null) {
                OrtSession.SessionOptions options = baseOptions();
                options.addCUDA(0);
                return options;
            }
            if (requested == Device.CUDA) {
                throw new InvalidInputException("--device cuda: ONNX Runtime's CUDA provider does not load here ("
                        + unavailable + "); use --device auto or cpu");
            }
            if (!FALLBACK_LOGGED.getAndSet(true)) {
                LOG.info("CUDA provider unavailable (" + unavailable + "); running ONNX Runtime on CPU");
            }
        }
        return baseOptions();
    }

    /**
     * One intra-op thread pool for every session: a chain runs its modules' sessions one after another,
     * and with a pool per session the threads of the session that just finished keep spinning on the
     * cores the next one needs.
     */
    private static OrtEnvironment createEnvironment() {
        try (OrtEnvironment.ThreadingOptions threads = new OrtEnvironment.ThreadingOptions()) {
            threads.setGlobalIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            threads.setGlobalInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "gim", threads);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start ONNX Runtime", e);
        }
    }

    /** Why ONNX Runtime's CUDA provider does not load here, or null when it does; probed once per process. */
    public static String cudaUnavailableReason() {
        return CudaProbe.UNAVAILABLE.orElse(null);
    }

    /** Holder: the probe runs when first asked for, not when a CPU-only session factory is made. */
    private static final class CudaProbe {
        static final Optional<String> UNAVAILABLE = probe();

        private static Optional<String> probe() {
            try (OrtSession.SessionOptions options = baseOptions()) {
                options.addCUDA(0);
                return Optional.empty();
            } catch (OrtException | UnsatisfiedLinkError e) {
                return Optional.of(firstLine(e.getMessage()));
            }
        }
    }

    private static OrtSession.SessionOptions baseOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.disablePerSessionThreads();
        return options;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
