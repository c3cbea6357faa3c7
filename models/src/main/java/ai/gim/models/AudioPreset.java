package ai.gim.models;

import java.util.List;

/**
 * Named audio configurations. {@code paper} is the original work's encoder; {@code demo} keeps its
 * topology (kernels, strides, paddings, a GRU on top, 12 steps, 10 negatives) with narrow layers,
 * and evaluates InfoNCE on 512 random anchor frames per batch, so that it trains in minutes on two CPU cores.
 */
public enum AudioPreset {
    PAPER(512, 256, 0, new TrainingDefaults(8, 2e-4, 100_000, 5_000, 2)),
    DEMO(64, 64, 512, new TrainingDefaults(8, 1e-3, 250, 100, 2));

    private static final int[] KERNELS = {10, 8, 4, 4, 4};
    private static final int[] STRIDES = {5, 4, 2, 2, 2};
    private static final int[] PADDINGS = {2, 2, 2, 2, 1};

    private final int channels;
    private final int hidden;
    private final int anchors;
    private final TrainingDefaults training;

    AudioPreset(int channels, int hidden, int anchors, TrainingDefaults training) {
        this.channels = channels;
        this.hidden = hidden;
        this.anchors = anchors;
        this.training = training;
    }

    public AudioEncoderSpec spec() {
        List<Conv1dLayer> convs = new java.util.ArrayList<>();
        for (int i = 0; i < KERNELS.length; i++) {
            convs.add(new Conv1dLayer(KERNELS[i], STRIDES[i], PADDINGS[i], channels));
        }
        return new AudioEncoderSpec(convs, new GruLayer(hidden), new InfoNceSettings(12, 10, anchors), 16_000, 20_480);
    }

    public TrainingDefaults training() {
        return training;
    }

    public String id() {
        return NamedChoice.id(this);
    }

    public static AudioPreset of(String name) {
        return NamedChoice.of(AudioPreset.class, name, "--preset", "audio preset");
    }
}
