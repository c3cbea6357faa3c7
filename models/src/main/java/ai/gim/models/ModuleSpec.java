package ai.gim.models;

import java.util.List;

/**
 * One gradient-isolated module: a contiguous run of layers with its own InfoNCE loss.
 *
 * @param index          position in the chain, 0-based
 * @param inputChannels  channels of the tensor the module receives ({@code [batch, inputChannels, time]})
 * @param layers         the layers, in order
 * @param inputDownsampling how many raw samples one input frame spans (1 for the first module)
 */
public record ModuleSpec(int index, int inputChannels, List<LayerSpec> layers, int inputDownsampling) {

    public ModuleSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("module " + index + " has no layers");
        }
    }

    /** Modules made of {@code groups} of layers, each taking the output of the one before; the first takes {@code inputChannels}. */
    public static List<ModuleSpec> chain(List<List<LayerSpec>> groups, int inputChannels) {
        List<ModuleSpec> modules = new java.util.ArrayList<>();
        int channels = inputChannels;
        int downsampling = 1;
        for (List<LayerSpec> group : groups) {
            ModuleSpec module = new ModuleSpec(modules.size(), channels, group, downsampling);
            modules.add(module);
            channels = module.outputChannels();
            downsampling = module.outputDownsampling();
        }
        return modules;
    }

    public int outputChannels() {
        int c = inputChannels;
        for (LayerSpec layer : layers) {
            c = layer.outputChannels(c);
        }
        return c;
    }

    /** Channels of the encoding {@code z} below any GRU: the InfoNCE targets (the input channels for a GRU-only module). */
    public int encoderChannels() {
        int c = inputChannels;
        for (LayerSpec layer : layers) {
            if (!(layer instanceof GruLayer)) {
                c = layer.outputChannels(c);
            }
        }
        return c;
    }

    /** Whether the module has trainable layers below its GRU (or is all convolutional). */
    public boolean hasConvolution() {
        return layers.stream().anyMatch(l -> !(l instanceof GruLayer) && !(l instanceof PatchGrid));
    }

    public boolean hasAutoregressor() {
        return layers.stream().anyMatch(l -> l instanceof GruLayer);
    }

    /** Raw samples per output frame. */
    public int outputDownsampling() {
        int d = inputDownsampling;
        for (LayerSpec layer : layers) {
            d *= layer.downsampling();
        }
        return d;
    }

    /** Output frames for an input of {@code inputLength} frames; -1 when too short. */
    public long outputLength(long inputLength) {
        long t = inputLength;
        for (LayerSpec layer : layers) {
            if (t < 0) {
                return -1;
            }
            t = layer.outputLength(t);
        }
        return t;
    }
}
