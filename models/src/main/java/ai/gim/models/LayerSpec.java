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
    @JsonSubTypes.Type(value = GruLayer.class, name = "gru")
})
public sealed interface LayerSpec permits Conv1dLayer, GruLayer {

    /** Channels this layer produces, given the channels it receives. */
    int outputChannels(int inputChannels);

    /** Factor by which this layer shortens the time axis. */
    int downsampling();

    /** Output length for an input of {@code inputLength} frames; -1 when the input is too short. */
    long outputLength(long inputLength);
}
