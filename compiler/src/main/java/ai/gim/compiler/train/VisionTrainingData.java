package ai.gim.compiler.train;

import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.data.image.ImageSplits;
import ai.gim.data.image.ImageTransforms;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.VisionEncoderSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Images for vision GIM: random crops (and flips) of the unsupervised split for training, centre
 * crops of the test split for the parity check, normalised with the unsupervised split's statistics.
 */
public final class VisionTrainingData implements TrainingData {

    private static final int PARITY_IMAGES = 2;

    private final ImageSplits splits;
    private final VisionEncoderSpec spec;
    private final boolean grayscale;
    private final int pad;
    private final double[] mean;
    private final double[] std;
    private final Path dataDir;

    public VisionTrainingData(Path dataDir, ImageSplits splits, VisionEncoderSpec spec, boolean grayscale, int pad) {
        this.splits = splits;
        this.spec = spec;
        this.grayscale = grayscale;
        this.pad = pad;
        this.dataDir = dataDir;
        double[][] stats = ImageTransforms.channelStatistics(splits.unsupervised(), grayscale);
        this.mean = stats[0];
        this.std = stats[1];
        int channels = ImageTransforms.outputChannels(splits.unsupervised(), grayscale);
        if (channels != spec.imageChannels()) {
            throw new IllegalArgumentException("spec expects " + spec.imageChannels() + " channels; the data gives " + channels);
        }
    }

    @Override
    public BatchSource batches(int batchSize, long seed) {
        ImageTransforms transforms = new ImageTransforms(splits.unsupervised(), grayscale, spec.imageSide(), pad, mean, std);
        SplittableRandom random = new SplittableRandom(seed);
        int imageFloats = spec.imageChannels() * spec.imageSide() * spec.imageSide();
        return () -> {
            float[] batch = new float[batchSize * imageFloats];
            for (int b = 0; b < batchSize; b++) {
                transforms.trainingCrop(random.nextInt(splits.unsupervised().count()), random, batch, b * imageFloats);
            }
            return images(batch, batchSize);
        };
    }

    @Override
    public INDArray parityBatch(long seed) {
        ImageTransforms transforms = new ImageTransforms(splits.test(), grayscale, spec.imageSide(), 0, mean, std);
        int imageFloats = spec.imageChannels() * spec.imageSide() * spec.imageSide();
        float[] batch = new float[PARITY_IMAGES * imageFloats];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < PARITY_IMAGES; b++) {
            transforms.centreCrop(random.nextInt(splits.test().count()), batch, b * imageFloats);
        }
        return images(batch, PARITY_IMAGES);
    }

    private INDArray images(float[] batch, int count) {
        return Nd4j.create(batch, new long[]{count, spec.imageChannels(), spec.imageSide(), spec.imageSide()}, 'c');
    }

    @Override
    public int inputLength() {
        return spec.imageSide();
    }

    @Override
    public PredictionTargets predictionTargets(SameDiffModuleGraph graph) {
        return PredictionTargets.gridRowsBelow(spec.patches().grid(), spec.firstPredictedRow());
    }

    @Override
    public ArtifactManifest.Preprocessing preprocessing() {
        return new ArtifactManifest.ImagePreprocessing(spec.imageChannels(), grayscale, spec.imageSide(),
                spec.patchesPerImage(), mean, std);
    }

    @Override
    public String description() {
        return dataDir.toAbsolutePath() + " (" + splits.describe() + ")";
    }
}
