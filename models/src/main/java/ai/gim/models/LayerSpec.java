package ai.gim.models;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of an encoder. Every layer type is lowered twice, to SameDiff for training and to ONNX
 * for deployment, by code that walks these records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Conv1dLayer.class, name = "conv1d_relu"),
    @JsonSubTypes.Type(value = GruLayer.class, name = "gru"),
    @JsonSubTypes.Type(value = PatchGrid.class, name = "patch_grid"),
    @JsonSubTypes.Type(value = Conv2dLayer.class, name = "conv2d"),
    @JsonSubTypes.Type(value = PreActBottleneck.class, name = "preact_bottleneck"),
    @JsonSubTypes.Type(value = PreActBasicBlock.class, name = "preact_basic_block")
})
public sealed interface LayerSpec permits Conv1dLayer, GruLayer, PatchGrid, Conv2dLayer, PreActBottleneck, PreActBasicBlock {

    /** Channels this layer produces, given the channels it receives. */
    int outputChannels(int inputChannels);

    /** Factor by which this layer shortens the time axis. */
    int downsampling();

    /**
     * Output length for an input of {@code inputLength}: frames for audio layers, the side of the
     * (square) feature map for vision layers; -1 when the input is too short.
     */
    long outputLength(long inputLength);

    /** Length after a convolution of {@code kernel} with {@code stride} and {@code padding} on both sides; -1 if too short. */
    static long convolvedLength(long inputLength, int kernel, int stride, int padding) {
        long padded = inputLength + 2L * padding;
        return padded < kernel ? -1 : (padded - kernel) / stride + 1;
    }
}
