package ai.gim.compiler.export;

import ai.gim.compiler.train.AudioStack;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.AudioEncoderSpec;
import ai.gim.models.ManifestJson;
import ai.gim.models.ModuleSpec;
import ai.gim.runtime.Artifact;
import ai.gim.runtime.Device;
import ai.gim.runtime.SessionFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Compiles every module of a trained stack to {@code module-K.onnx}, checks each against its SameDiff
 * module on real inputs, and only then puts the files and {@code manifest.json} in place (module
 * files first, the manifest last, each by atomic rename). A module beyond tolerance aborts the export
 * with nothing written.
 */
public final class ArtifactWriter {

    private static final Logger LOG = Logger.getLogger(ArtifactWriter.class.getName());

    private ArtifactWriter() {
    }

    /**
     * @param parityWindow a batch of real training windows {@code [batch, 1, samples]}
     */
    public static ArtifactManifest write(Path outDir, String preset, int modelSplits, AudioEncoderSpec spec,
                                         AudioStack stack, INDArray parityWindow, ArtifactManifest.Provenance provenance,
                                         Device device) {
        List<INDArray> inputs = stack.activations(parityWindow);
        long[] fields = AudioEncoderSpec.receptiveFields(stack.graphs().stream().map(SameDiffModuleGraph::spec).toList());
        SessionFactory sessions = new SessionFactory(device);
        List<byte[]> models = new ArrayList<>();
        List<ArtifactManifest.ModuleEntry> entries = new ArrayList<>();
        boolean recurrent = false;
        for (SameDiffModuleGraph graph : stack.graphs()) {
            ModuleSpec module = graph.spec();
            byte[] model = OnnxModuleLowering.lower(module, graph.parameters(), ai.gim.compiler.BuildInfo.gimVersion());
            ParityCheck.Result parity = ParityCheck.compare(graph, model, inputs.get(module.index()), sessions);
            if (!parity.passed()) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "module %d: ONNX output differs from SameDiff by %.3g (tolerance %.3g); artifact not written",
                        module.index(), parity.maxAbsDiff(), parity.tolerance()));
            }
            LOG.info(String.format(java.util.Locale.ROOT, "module %d: ONNX matches SameDiff within %.2g (tolerance %.2g)",
                    module.index(), parity.maxAbsDiff(), parity.tolerance()));
            recurrent |= module.hasAutoregressor();
            models.add(model);
            entries.add(new ArtifactManifest.ModuleEntry(module.index(), "module-" + module.index() + ".onnx",
                    Artifact.sha256(model), OnnxModuleLowering.INPUT, OnnxModuleLowering.OUTPUT,
                    List.of("batch", module.inputChannels(), "time"), List.of("batch", module.outputChannels(), "frames"),
                    "float32", module.outputDownsampling(), fields[module.index()], recurrent,
                    parity.maxAbsDiff(), parity.tolerance()));
        }
        ArtifactManifest manifest = new ArtifactManifest(ArtifactManifest.FORMAT_VERSION, "audio", preset, modelSplits, spec,
                new ArtifactManifest.Preprocessing(spec.sampleRate(), 1, "none: raw samples scaled to [-1, 1)", spec.windowSamples()),
                entries, provenance);
        try {
            Files.createDirectories(outDir);
            for (int k = 0; k < models.size(); k++) {
                Path target = outDir.resolve(entries.get(k).file());
                Path tmp = Files.createTempFile(outDir, ".module-" + k, ".onnx");
                Files.write(tmp, models.get(k));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write modules into " + outDir, e);
        }
        ManifestJson.write(outDir, manifest);
        return manifest;
    }
}
