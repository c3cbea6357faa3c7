package ai.gim.models;

/** A 2-D convolution with bias, no activation (pre-activation blocks apply ReLU before their convolutions). */
public record Conv2dLayer(int kernel, int stride, int padding, int channels) implements LayerSpec {

    public Conv2dLayer {
        if (kernel < 1 || stride < 1 || padding < 0 || channels < 1) {
            throw new IllegalArgumentException("conv2d needs kernel>=1, stride>=1, padding>=0, channels>=1");
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
