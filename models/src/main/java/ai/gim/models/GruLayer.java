package ai.gim.models;

/**
 * A one-layer unidirectional GRU on {@code [batch, channels, time]}, producing {@code [batch, hidden, time]}.
 * Gates follow PyTorch (and ONNX with {@code linear_before_reset=1}): the reset gate multiplies the
 * recurrent projection including its bias.
 */
public record GruLayer(int hidden) implements LayerSpec {

    public GruLayer {
        if (hidden < 1) {
            throw new IllegalArgumentException("gru needs hidden>=1; got " + hidden);
        }
    }

    @Override
    public int outputChannels(int inputChannels) {
        return hidden;
    }

    @Override
    public int downsampling() {
        return 1;
    }

    @Override
    public long outputLength(long inputLength) {
        return inputLength;
    }
}
