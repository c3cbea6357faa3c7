package ai.gim.models;

/**
 * A pre-activation ResNet basic block without batch norm (ResNet-34's):
 * {@code a = relu(x)}; {@code y = conv3x3(relu(conv3x3_stride(a))) + shortcut}, the shortcut being
 * {@code x} or a bias-free strided 1×1 convolution of {@code a} when the shape changes. Bias-free convolutions.
 */
public record PreActBasicBlock(int width, int stride) implements LayerSpec {

    public PreActBasicBlock {
        if (width < 1 || stride < 1) {
            throw new IllegalArgumentException("basic block needs width>=1 and stride>=1");
        }
    }

    public boolean projects(int inputChannels) {
        return stride != 1 || inputChannels != width;
    }

    @Override
    public int outputChannels(int inputChannels) {
        return width;
    }

    @Override
    public int downsampling() {
        return stride;
    }

    @Override
    public long outputLength(long inputLength) {
        return LayerSpec.convolvedLength(inputLength, 3, stride, 1); // the strided 3×3 convolution sets the size
    }
}
