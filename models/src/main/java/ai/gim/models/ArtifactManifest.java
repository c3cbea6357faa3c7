package ai.gim.models;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what an artifact holds and how it was made (DESIGN.md §2). Module K's input is
 * module K-1's output, so running a prefix of {@link #modules()} in order is a valid chain.
 */
public record ArtifactManifest(int formatVersion, String modality, String preset, int modelSplits,
                               AudioEncoderSpec spec, Preprocessing preprocessing, List<ModuleEntry> modules,
                               Provenance training) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    public ArtifactManifest {
        modules = List.copyOf(modules);
    }

    /** What a caller must do to raw audio before module 0. */
    public record Preprocessing(int sampleRate, int channels, String normalisation, int windowSamples) {
    }

    /**
     * One exported module. Shapes name their symbolic axes ({@code "batch"}, {@code "time"}).
     *
     * @param downsampling         raw samples per output frame
     * @param receptiveFieldSamples raw samples seen by one output frame through the convolutions
     * @param recurrent            whether the module (or one below it) has a GRU, so a frame also sees the whole past
     * @param parityMaxAbsDiff     largest |ONNX - SameDiff| measured at export
     * @param parityTolerance      the bound that export enforced
     */
    public record ModuleEntry(int index, String file, String sha256, String inputName, String outputName,
                              List<Object> inputShape, List<Object> outputShape, String dtype,
                              int downsampling, long receptiveFieldSamples, boolean recurrent,
                              double parityMaxAbsDiff, double parityTolerance) {
    }

    /** How the weights came to be. */
    public record Provenance(String dataset, int steps, long seed, int batchSize, double learningRate,
                             List<Integer> trainedModules, String initFrom, List<Double> finalLosses,
                             Map<String, String> libraries, String createdAt) {
    }
}
