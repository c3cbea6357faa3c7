package ai.gim.models;

/** A 1-D convolution followed by ReLU, on {@code [batch, channels, time]}. */
public record Conv1dLayer(int kernel, int stride, int padding, int channels) implements LayerSpec {

    public Conv1dLayer {
        if (kernel < 1 || stride < 1 || padding < 0 || channels < 1) {
            throw new IllegalArgumentException("conv1d needs kernel>=1, stride>=1, padding>=0, channels>=1; got kernel="
                    + kernel + " stride=" + stride + " padding=" + padding + " channels=" + channels);
        }
    }

    @Override
    public int outputChannels(int inputChannels) {
        return channels;
    }

    @Override
    public int downsampling() {
        return stride;
    }

    @Override
    public long outputLength(long inputLength) {
        return LayerSpec.convolvedLength(inputLength, kernel, stride, padding);
    }
}
