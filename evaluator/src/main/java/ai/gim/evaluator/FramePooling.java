package ai.gim.evaluator;

/**
 * Pooling of module outputs {@code [channels, frames]} (one sequence, row-major): the mean over all
 * frames, or non-overlapping averages of {@code factor} frames (to bring a fast module to 10 ms).
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
