package ai.gim.compiler.export;

import ai.gim.compiler.BuildInfo;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.compiler.train.ModuleStack;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.EncoderSpec;
import ai.gim.models.ManifestJson;
import ai.gim.models.ModuleSpec;
import ai.gim.models.ReceptiveField;
import ai.gim.runtime.Artifact;
import ai.gim.runtime.Device;
import ai.gim.runtime.SessionFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Compiles every module of a trained stack to {@code module-K.onnx}, checks each against its SameDiff
 * module on real inputs, and only then puts the files and {@code manifest.json} in place (module
 * files first, the manifest last, each by atomic rename). A module beyond tolerance aborts the export
 * with nothing written.
 */
public final class ArtifactWriter {

    private static final Logger LOG = Logger.getLogger(ArtifactWriter.class.getName());

    /** What the manifest records besides the modules. */
    public record Description(String modality, String preset, int modelSplits, EncoderSpec spec,
                              ArtifactManifest.Preprocessing preprocessing, ArtifactManifest.Provenance provenance) {
    }

    private ArtifactWriter() {
    }

    /**
     * @param parityBatch a batch of real training inputs for module 0
     */
    public static ArtifactManifest write(Path outDir, Description description, ModuleStack stack, INDArray parityBatch,
                                         Device device) {
        List<INDArray> inputs = stack.activations(parityBatch); // module K's input is inputs[K], its output inputs[K+1]
        long[] fields = ReceptiveField.of(stack.graphs().stream().map(SameDiffModuleGraph::spec).toList());
        SessionFactory sessions = new SessionFactory(device);
        List<byte[]> models = new ArrayList<>();
        List<ArtifactManifest.ModuleEntry> entries = new ArrayList<>();
        boolean recurrent = false;
        for (SameDiffModuleGraph graph : stack.graphs()) {
            ModuleSpec module = graph.spec();
            byte[] model = OnnxModuleLowering.lower(module, graph.parameters(), BuildInfo.gimVersion());
            ParityCheck.Result parity = ParityCheck.compare(module.index(), model, inputs.get(module.index()),
                    inputs.get(module.index() + 1), sessions);
            if (!parity.passed()) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "module %d: ONNX output differs from SameDiff by %.3g (tolerance %.3g); artifact not written",
                        module.index(), parity.maxAbsDiff(), parity.tolerance()));
            }
            LOG.info(String.format(Locale.ROOT, "module %d: ONNX matches SameDiff within %.2g (tolerance %.2g)",
                    module.index(), parity.maxAbsDiff(), parity.tolerance()));
            recurrent |= module.hasAutoregressor();
            models.add(model);
            entries.add(new ArtifactManifest.ModuleEntry(module.index(), "module-" + module.index() + ".onnx",
                    Artifact.sha256(model), OnnxModuleLowering.INPUT, OnnxModuleLowering.OUTPUT,
                    symbolic(graph.inputShape(), module.index() == 0 ? "batch" : batchAxis(description), description, "in"),
                    symbolic(graph.outputShape(), batchAxis(description), description, "out"),
                    "float32", module.outputDownsampling(), fields[module.index()], recurrent,
                    parity.maxAbsDiff(), parity.tolerance()));
        }
        ArtifactManifest manifest = new ArtifactManifest(ArtifactManifest.FORMAT_VERSION, description.modality(),
                description.preset(), description.modelSplits(), description.spec(), description.preprocessing(),
                entries, description.provenance());
        for (int k = 0; k < models.size(); k++) {
            ManifestJson.writeAtomically(outDir.resolve(entries.get(k).file()), models.get(k));
        }
        ManifestJson.write(outDir, manifest);
        return manifest;
    }

    private static String batchAxis(Description description) {
        return description.modality().equals("vision") ? "patches" : "batch";
    }

    /** A shape with its batch axis named and, for audio, its time axis named ("time" in, "frames" out). */
    private static List<Object> symbolic(long[] shape, String batchAxis, Description description, String side) {
        List<Object> dims = new ArrayList<>();
        dims.add(batchAxis);
        for (int i = 1; i < shape.length; i++) {
            boolean audioTime = description.modality().equals("audio") && i == 2;
            dims.add(audioTime ? (side.equals("in") ? "time" : "frames") : (Object) shape[i]);
        }
        return dims;
    }
}
