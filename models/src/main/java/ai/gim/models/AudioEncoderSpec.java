package ai.gim.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio GIM encoder (DESIGN.md §3): a stack of {@code conv1d + ReLU} layers on raw 16 kHz audio,
 * then one GRU, trained in windows of {@code windowSamples} samples with InfoNCE.
 */
public record AudioEncoderSpec(List<Conv1dLayer> convolutions, GruLayer autoregressor, InfoNceSettings infoNce,
                               int sampleRate, int windowSamples) implements EncoderSpec {

    public AudioEncoderSpec {
        convolutions = List.copyOf(convolutions);
        if (convolutions.isEmpty()) {
            throw new IllegalArgumentException("the audio encoder needs at least one convolution");
        }
    }

    /** All layers in order: the convolutions, then the GRU. */
    public List<LayerSpec> layers() {
        List<LayerSpec> all = new ArrayList<>(convolutions);
        all.add(autoregressor);
        return all;
    }

    /** Raw samples per frame of the final output. */
    public int totalDownsampling() {
        int d = 1;
        for (Conv1dLayer conv : convolutions) {
            d *= conv.stride();
        }
        return d;
    }

    /**
     * Cuts the stack into gradient-isolated modules.
     *
     * <ul>
     *   <li>{@code convolutions + 1} (6 for the paper): every convolution its own module, the GRU the last (GIM);</li>
     *   <li>{@code convolutions} (5): as above, but the last convolution shares a module with the GRU;</li>
     *   <li>1: the whole encoder is one module (end-to-end CPC).</li>
     * </ul>
     */
    @Override
    public List<ModuleSpec> cut(int modelSplits) {
        int n = convolutions.size();
        List<List<LayerSpec>> groups = new ArrayList<>();
        if (modelSplits == n + 1) {
            convolutions.forEach(c -> groups.add(List.of(c)));
            groups.add(List.of(autoregressor));
        } else if (modelSplits == n) {
            convolutions.subList(0, n - 1).forEach(c -> groups.add(List.of(c)));
            groups.add(List.of(convolutions.get(n - 1), autoregressor));
        } else if (modelSplits == 1) {
            groups.add(layers());
        } else {
            throw new IllegalArgumentException("model splits must be " + (n + 1) + " (GIM), " + n
                    + " (last conv with the GRU) or 1 (end-to-end CPC); got " + modelSplits);
        }
        return ModuleSpec.chain(groups, 1);
    }
}
