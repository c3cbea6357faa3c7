package ai.gim.models;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** An encoder architecture of one modality, and how it is cut into gradient-isolated modules. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AudioEncoderSpec.class, name = "audio"),
    @JsonSubTypes.Type(value = VisionEncoderSpec.class, name = "vision")
})
public sealed interface EncoderSpec permits AudioEncoderSpec, VisionEncoderSpec {

    List<ModuleSpec> cut(int modelSplits);

    InfoNceSettings infoNce();
}
