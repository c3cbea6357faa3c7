package ai.gim.data.image;

import java.util.SplittableRandom;

/**
 * Turns stored images into the normalised float input of module 0, {@code [channels, side, side]}:
 * pixels scaled to [0, 1], optionally converted to grayscale (ITU-R 601 weights), cropped to
 * {@code side} (training: at a random place of the image zero-padded by {@code pad}, flipped
 * horizontally half the time; evaluation: centred), then {@code (x - mean[c]) / std[c]}.
 */
public final class ImageTransforms {

    private static final double[] GRAY_WEIGHTS = {0.299, 0.587, 0.114};

    private final ImageSet images;
    private final boolean grayscale;
    private final int side;
    private final int pad;
    private final double[] mean;
    private final double[] std;

    public ImageTransforms(ImageSet images, boolean grayscale, int side, int pad, double[] mean, double[] std) {
        if (side > images.height() + 2 * pad || side > images.width() + 2 * pad) {
            throw new ai.gim.models.InvalidInputException(images.source() + ": images are " + images.width() + "×"
                    + images.height() + "; the model needs crops of " + side + "×" + side);
        }
        this.images = images;
        this.grayscale = grayscale;
        this.side = side;
        this.pad = pad;
        this.mean = mean;
        this.std = std;
    }

    public int channels() {
        return outputChannels(images, grayscale);
    }

    public static int outputChannels(ImageSet images, boolean grayscale) {
        return grayscale ? 1 : images.channels();
    }

    /** A random training crop (and flip) of image {@code i}, written at {@code offset} of {@code out}. */
    public void trainingCrop(int i, SplittableRandom random, float[] out, int offset) {
        int top = random.nextInt(images.height() + 2 * pad - side + 1) - pad;
        int left = random.nextInt(images.width() + 2 * pad - side + 1) - pad;
        write(i, top, left, random.nextBoolean(), out, offset);
    }

    /** The centre crop of image {@code i}, written at {@code offset} of {@code out}. */
    public void centreCrop(int i, float[] out, int offset) {
        write(i, (images.height() - side) / 2, (images.width() - side) / 2, false, out, offset);
    }

    private void write(int i, int top, int left, boolean flip, float[] out, int offset) {
        int channels = channels();
        for (int c = 0; c < channels; c++) {
            float m = (float) mean[c];
            float s = (float) (1.0 / std[c]);
            int plane = offset + c * side * side;
            for (int y = 0; y < side; y++) {
                int sy = top + y;
                for (int x = 0; x < side; x++) {
                    int sx = left + (flip ? side - 1 - x : x);
                    double v = sy < 0 || sy >= images.height() || sx < 0 || sx >= images.width() ? 0 : value(i, c, sy, sx);
                    out[plane + y * side + x] = ((float) v - m) * s;
                }
            }
        }
    }

    private double value(int i, int c, int y, int x) {
        if (!grayscale || images.channels() == 1) {
            return images.pixel(i, c, y, x) / 255.0;
        }
        double v = 0;
        for (int k = 0; k < 3; k++) {
            v += GRAY_WEIGHTS[k] * images.pixel(i, k, y, x);
        }
        return v / 255.0;
    }

    /** Per-channel mean and standard deviation of the [0, 1] pixels of {@code images}: {@code [mean, std]}. */
    public static double[][] channelStatistics(ImageSet images, boolean grayscale) {
        int channels = outputChannels(images, grayscale);
        ImageTransforms raw = new ImageTransforms(images, grayscale, Math.min(images.height(), images.width()), 0,
                new double[channels], ones(channels));
        int side = raw.side;
        float[] buffer = new float[channels * side * side];
        double[] sum = new double[channels];
        double[] sumSquares = new double[channels];
        for (int i = 0; i < images.count(); i++) {
            raw.centreCrop(i, buffer, 0);
            for (int c = 0; c < channels; c++) {
                for (int p = c * side * side; p < (c + 1) * side * side; p++) {
                    sum[c] += buffer[p];
                    sumSquares[c] += (double) buffer[p] * buffer[p];
                }
            }
        }
        double n = (double) images.count() * side * side;
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / n;
            std[c] = Math.sqrt(Math.max(sumSquares[c] / n - mean[c] * mean[c], 1e-12));
        }
        return new double[][]{mean, std};
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }
}
