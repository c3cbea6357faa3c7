package ai.gim.models;

/**
 * A pre-activation ResNet bottleneck without batch norm (the original GIM's {@code PreActBottleneckNoBN}):
 * {@code a = relu(x)}; {@code y = conv1x1(relu(conv3x3_stride(relu(conv1x1(a))))) + shortcut}, where the
 * shortcut is {@code x}, or a bias-free strided 1×1 convolution of {@code a} when the shape changes.
 * Its convolutions are bias-free; it outputs {@code 4 · width} channels.
 */
public record PreActBottleneck(int width, int stride) implements LayerSpec {

    public static final int EXPANSION = 4;

    public PreActBottleneck {
        if (width < 1 || stride < 1) {
            throw new IllegalArgumentException("bottleneck needs width>=1 and stride>=1");
        }
    }

    /** Whether the block needs a projection shortcut for {@code inputChannels}. */
    public boolean projects(int inputChannels) {
        return stride != 1 || inputChannels != EXPANSION * width;
    }

    @Override
    public int outputChannels(int inputChannels) {
        return EXPANSION * width;
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
