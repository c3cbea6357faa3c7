package ai.gim.evaluator;

import ai.gim.data.image.ImageSet;
import ai.gim.data.image.ImageTransforms;
import ai.gim.models.ArtifactManifest;
import ai.gim.runtime.FloatTensor;
import ai.gim.runtime.ModuleChain;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.ArrayList;
import java.util.List;

/**
 * Features of every module of a vision chain: each image is centre-cropped and normalised as the
 * manifest says, run through the chain, and each module's patch feature maps are average-pooled over
 * the cells of every patch and over the grid, one vector per image.
 */
public final class ImageFeatures {

    private static final int BATCH = 64;

    private final ModuleChain chain;
    private final ArtifactManifest.ImagePreprocessing preprocessing;

    public ImageFeatures(ModuleChain chain, ArtifactManifest manifest) {
        this.chain = chain;
        this.preprocessing = manifest.image();
    }

    /** Per module: one pooled vector per image of the first {@code maxImages} of {@code images}, labelled with its class. */
    public List<LabelledFeatures> extract(ImageSet images, String split, int maxImages) {
        ImageTransforms transforms = transforms(images);
        int count = Math.min(maxImages, images.count());
        int side = preprocessing.cropSide();
        int imageFloats = preprocessing.channels() * side * side;
        List<LabelledFeatures> features = new ArrayList<>();
        for (int k = 0; k < chain.depth(); k++) {
            features.add(new LabelledFeatures());
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("image " + split).setInitialMax(count)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" img", 1).setUpdateIntervalMillis(500).build()) {
            for (int start = 0; start < count; start += BATCH) {
                int n = Math.min(BATCH, count - start);
                float[] batch = new float[n * imageFloats];
                for (int b = 0; b < n; b++) {
                    transforms.centreCrop(start + b, batch, b * imageFloats);
                }
                List<FloatTensor> outputs = chain.runAll(new FloatTensor(batch, new long[]{n, preprocessing.channels(), side, side}));
                for (int k = 0; k < outputs.size(); k++) {
                    FloatTensor out = outputs.get(k);
                    float[][] pooled = FramePooling.meanPerImage(out.data(), n, preprocessing.patchesPerImage(),
                            (int) out.dim(1), (int) (out.dim(2) * out.dim(3)));
                    for (int b = 0; b < n; b++) {
                        features.get(k).add(pooled[b], images.classNames().get(images.labels()[start + b]));
                    }
                }
                bar.stepBy(n);
            }
        }
        return features;
    }

    /** The normalised centre-cropped pixels themselves, the raw-pixel baseline's features. */
    public LabelledFeatures pixels(ImageSet images, int maxImages) {
        ImageTransforms transforms = transforms(images);
        int side = preprocessing.cropSide();
        int imageFloats = preprocessing.channels() * side * side;
        LabelledFeatures pixels = new LabelledFeatures();
        for (int i = 0; i < Math.min(maxImages, images.count()); i++) {
            float[] x = new float[imageFloats];
            transforms.centreCrop(i, x, 0);
            pixels.add(x, images.classNames().get(images.labels()[i]));
        }
        return pixels;
    }

    private ImageTransforms transforms(ImageSet images) {
        return new ImageTransforms(images, preprocessing.grayscale(), preprocessing.cropSide(), 0,
                preprocessing.mean(), preprocessing.std());
    }
}
