package ai.gim.models;

import java.util.ArrayList;
import java.util.List;

/**
 * Named vision configurations. {@code paper}: STL-10 64×64 crops, a 7×7 grid of 16×16 patches with
 * stride 8, a 64-channel 5×5 stem and ResNet-50's first three stages (bottleneck blocks 3, 4, 6; widths
 * 64, 128, 256). {@code demo}: Fashion-MNIST's 28×28 images, a 6×6 grid of 8×8 patches with stride 4,
 * the same stem and block structure at a quarter of the width and one block per stage.
 * Either takes the {@code basic} block (ResNet-34: basic blocks 3, 4, 6) instead of the bottleneck.
 */
public enum VisionPreset {
    PAPER(new PatchGrid(16, 8, 7), 64, new int[]{3, 4, 6}, new int[]{64, 128, 256}, 16, 0, 16,
            new TrainingDefaults(32, 2e-4, 100_000, 5_000, 2)),
    DEMO(new PatchGrid(8, 4, 6), 16, new int[]{1, 1, 1}, new int[]{8, 16, 32}, 16, 0, 2,
            new TrainingDefaults(16, 1e-3, 250, 100, 2));

    private final PatchGrid patches;
    private final int stemChannels;
    private final int[] blocks;
    private final int[] widths;
    private final int negatives;
    private final int anchors;
    private final int trainingPad;
    private final TrainingDefaults training;

    VisionPreset(PatchGrid patches, int stemChannels, int[] blocks, int[] widths, int negatives, int anchors,
                 int trainingPad, TrainingDefaults training) {
        this.patches = patches;
        this.stemChannels = stemChannels;
        this.blocks = blocks;
        this.widths = widths;
        this.negatives = negatives;
        this.anchors = anchors;
        this.trainingPad = trainingPad;
        this.training = training;
    }

    /**
     * @param block "bottleneck" (ResNet-50 stages) or "basic" (ResNet-34 stages: 3, 4, 6 blocks at full depth)
     */
    public VisionEncoderSpec spec(int imageChannels, String block) {
        List<VisionEncoderSpec.ResNetStage> stages = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            stages.add(new VisionEncoderSpec.ResNetStage(block, blocks[i], widths[i], i == 0 ? 1 : 2));
        }
        int steps = patches.grid() - 2;
        return new VisionEncoderSpec(imageChannels, patches, new Conv2dLayer(5, 1, 2, stemChannels), stages,
                new InfoNceSettings(steps, negatives, anchors), 2);
    }

    /**
     * How far a training crop may be shifted: STL-10's 96-pixel images are cropped to 64 at random; the
     * demo's 28-pixel images are padded by this many pixels and cropped back to 28.
     */
    public int trainingPad() {
        return trainingPad;
    }

    public TrainingDefaults training() {
        return training;
    }

    public String id() {
        return NamedChoice.id(this);
    }

    public static VisionPreset of(String name) {
        return NamedChoice.of(VisionPreset.class, name, "--preset", "vision preset");
    }
}
