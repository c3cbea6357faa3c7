package ai.gim.evaluator;

/**
 * Pooling of module outputs: audio {@code [channels, frames]} sequences to their mean over time or to
 * non-overlapping averages of {@code factor} frames (to bring a fast module to 10 ms); vision patch
 * feature maps to one mean per image.
 */
public final class FramePooling {

    private FramePooling() {
    }

    /** Mean over time of sequence {@code b} of a {@code [batch, channels, frames]} buffer. */
    public static float[] meanOverTime(float[] data, int b, int channels, int frames) {
        float[] mean = new float[channels];
        int base = b * channels * frames;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            int row = base + c * frames;
            for (int t = 0; t < frames; t++) {
                sum += data[row + t];
            }
            mean[c] = (float) (sum / frames);
        }
        return mean;
    }

    /**
     * Per image, the mean over its {@code patches} consecutive rows and their {@code cells} of a
     * {@code [images · patches, channels, cells]} buffer: {@code [images][channels]}.
     */
    public static float[][] meanPerImage(float[] data, int images, int patches, int channels, int cells) {
        float[][] out = new float[images][channels];
        double scale = 1.0 / ((double) patches * cells);
        for (int b = 0; b < images; b++) {
            for (int p = 0; p < patches; p++) {
                int base = ((b * patches + p) * channels) * cells;
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    int from = base + c * cells;
                    for (int i = 0; i < cells; i++) {
                        sum += data[from + i];
                    }
                    out[b][c] += (float) (sum * scale);
                }
            }
        }
        return out;
    }

    /**
     * Averages groups of {@code factor} frames of a {@code [channels, frames]} sequence and returns
     * them frame-major: {@code [frames / factor][channels]}.
     */
    public static float[][] averageFrames(float[] data, int channels, int frames, int factor) {
        int pooled = frames / factor;
        float[][] out = new float[pooled][channels];
        float scale = 1f / factor;
        for (int c = 0; c < channels; c++) {
            int row = c * frames;
            for (int j = 0; j < pooled; j++) {
                float sum = 0;
                int from = row + j * factor;
                for (int i = 0; i < factor; i++) {
                    sum += data[from + i];
                }
                out[j][c] = sum * scale;
            }
        }
        return out;
    }
}
