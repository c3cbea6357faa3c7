package ai.gim.compiler;

import java.nio.file.Path;

/**
 * Everything {@code gim-compile} was asked to do.
 *
 * @param trainModule the only module to train (the ones below frozen, taken from {@code init}); null trains all
 * @param steps       training batches; 0 exports the initial stack (the random-init baseline without {@code init})
 */
public record CompileOptions(String modality, String preset, Path data, Path out, int modelSplits, Integer trainModule,
                             Path init, int steps, int batchSize, double learningRate, long seed, String device,
                             int checkpointEvery, VisionOptions vision) {

    /**
     * @param dataset     stl10, idx, folder, or auto (what the data directory holds)
     * @param block       bottleneck (ResNet-50 stages) or basic (ResNet-34 stages)
     * @param dumpSamples how many training images to write as PNGs under {@code OUT/samples}
     */
    public record VisionOptions(String dataset, boolean grayscale, String block, int dumpSamples) {
        public static final VisionOptions DEFAULT = new VisionOptions("auto", false, "bottleneck", 0);
    }
}
