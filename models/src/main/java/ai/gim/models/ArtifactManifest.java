package ai.gim.models;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what an artifact holds and how it was made (DESIGN.md §2). Module K's input is
 * module K-1's output, so running a prefix of {@link #modules()} in order is a valid chain.
 */
public record ArtifactManifest(int formatVersion, String modality, String preset, int modelSplits,
                               EncoderSpec spec, Preprocessing preprocessing, List<ModuleEntry> modules,
                               Provenance training) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    public ArtifactManifest {
        modules = List.copyOf(modules);
    }

    /** What a caller must do to raw data before module 0. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = AudioPreprocessing.class, name = "audio"),
        @JsonSubTypes.Type(value = ImagePreprocessing.class, name = "image")
    })
    public sealed interface Preprocessing permits AudioPreprocessing, ImagePreprocessing {
    }

    /** Raw mono audio at {@code sampleRate}; training windows of {@code windowSamples}. */
    public record AudioPreprocessing(int sampleRate, int channels, String normalisation, int windowSamples)
            implements Preprocessing {
    }

    /**
     * Images scaled to [0, 1], converted to grayscale if {@code grayscale}, centre-cropped to
     * {@code cropSide}, then normalised per channel: {@code (x - mean[c]) / std[c]}, as {@code [batch, channels, side, side]}.
     * The patch grid is inside module 0; each module outputs {@code patchesPerImage} rows per image.
     */
    public record ImagePreprocessing(int channels, boolean grayscale, int cropSide, int patchesPerImage,
                                     double[] mean, double[] std) implements Preprocessing {
        @Override
        public boolean equals(Object o) {
            return o instanceof ImagePreprocessing p && channels == p.channels && grayscale == p.grayscale
                    && cropSide == p.cropSide && patchesPerImage == p.patchesPerImage
                    && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(std, p.std);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(channels, grayscale, cropSide, patchesPerImage,
                    java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std));
        }
    }

    /** The audio preprocessing, or a clear error for an artifact of another modality. */
    public AudioPreprocessing audio() {
        if (preprocessing instanceof AudioPreprocessing a) {
            return a;
        }
        throw new InvalidInputException(FILE_NAME + ": modality is " + modality + "; this task needs an audio artifact");
    }

    /** The image preprocessing, or a clear error for an artifact of another modality. */
    public ImagePreprocessing image() {
        if (preprocessing instanceof ImagePreprocessing i) {
            return i;
        }
        throw new InvalidInputException(FILE_NAME + ": modality is " + modality + "; this task needs a vision artifact");
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
