package ai.gim.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The vision GIM encoder (DESIGN.md §3): an image is cut into a grid of overlapping patches, each
 * patch is encoded separately by a 5×5 stem and pre-activation ResNet stages without batch norm;
 * each stage's patch features are average-pooled to the grid, on which InfoNCE predicts the patches
 * 2.. rows below.
 *
 * @param imageChannels  channels of the normalised image the chain receives (1 grayscale, 3 RGB)
 * @param firstPredictedRow the nearest row below that is predicted (2: the overlapping row 1 is skipped);
 *                       {@code infoNce().predictionSteps()} rows are predicted from there
 */
public record VisionEncoderSpec(int imageChannels, PatchGrid patches, Conv2dLayer stem, List<ResNetStage> stages,
                                InfoNceSettings infoNce, int firstPredictedRow) implements EncoderSpec {

    public VisionEncoderSpec {
        stages = List.copyOf(stages);
        if (firstPredictedRow + infoNce.predictionSteps() - 1 >= patches.grid()) {
            throw new IllegalArgumentException("a " + patches.grid() + "-row grid cannot predict " + infoNce.predictionSteps()
                    + " rows starting " + firstPredictedRow + " below");
        }
    }

    /** One ResNet stage: {@code blocks} blocks of one kind, the first with the stage's stride. */
    public record ResNetStage(String block, int blocks, int width, int stride) {
        public ResNetStage {
            if (!block.equals("bottleneck") && !block.equals("basic")) {
                throw new IllegalArgumentException("block must be bottleneck or basic; got " + block);
            }
        }

        List<LayerSpec> layers() {
            List<LayerSpec> layers = new ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                int s = i == 0 ? stride : 1;
                layers.add(block.equals("bottleneck") ? new PreActBottleneck(width, s) : new PreActBasicBlock(width, s));
            }
            return layers;
        }
    }

    /** The side of the image module 0 takes. */
    public int imageSide() {
        return patches.imageSide();
    }

    /** Patches per image: the rows of one "sequence" for the loss. */
    public int patchesPerImage() {
        return patches.grid() * patches.grid();
    }

    /** {@code stages.size()} (GIM: one module per stage) or 1 (end-to-end). */
    @Override
    public List<ModuleSpec> cut(int modelSplits) {
        List<List<LayerSpec>> groups = new ArrayList<>();
        if (modelSplits == stages.size()) {
            for (ResNetStage stage : stages) {
                groups.add(new ArrayList<>(stage.layers()));
            }
        } else if (modelSplits == 1) {
            List<LayerSpec> all = new ArrayList<>();
            stages.forEach(s -> all.addAll(s.layers()));
            groups.add(all);
        } else {
            throw new IllegalArgumentException("model splits must be " + stages.size() + " (GIM, one module per stage) or 1 (end to end); got " + modelSplits);
        }
        groups.get(0).add(0, stem);
        groups.get(0).add(0, patches);
        return ModuleSpec.chain(groups, imageChannels);
    }
}
