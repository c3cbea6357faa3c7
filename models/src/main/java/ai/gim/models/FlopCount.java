package ai.gim.models;

/**
 * Floating-point operations of a module's forward pass, counted from its spec: two per multiply-add
 * of every convolution and of the GRU's six matrix products; element-wise work (ReLU, gates, the
 * patch copy) is not counted. These are the FLOPs GFLOP/s figures divide by.
 */
public final class FlopCount {

    private FlopCount() {
    }

    /**
     * @param batch       sequences (audio windows) or images
     * @param inputLength samples or frames (audio), or the side of the square input (vision)
     */
    public static double forward(ModuleSpec module, long batch, long inputLength) {
        double flops = 0;
        long items = batch;
        long length = inputLength;
        int channels = module.inputChannels();
        for (LayerSpec layer : module.layers()) {
            long out = layer.outputLength(length);
            if (out < 1) {
                throw new IllegalArgumentException("module " + module.index() + ": input of " + inputLength + " is too short");
            }
            int outChannels = layer.outputChannels(channels);
            flops += layerFlops(layer, items, length, out, channels, outChannels);
            if (layer instanceof PatchGrid grid) {
                items *= (long) grid.grid() * grid.grid();
            }
            channels = outChannels;
            length = out;
        }
        return flops;
    }

    /** Forward FLOPs of a chain of modules, each fed the output of the one before. */
    public static double forward(java.util.List<ModuleSpec> modules, long batch, long inputLength) {
        double flops = 0;
        long length = inputLength;
        for (ModuleSpec module : modules) {
            flops += forward(module, batch, length);
            length = module.outputLength(length);
        }
        return flops;
    }

    private static double layerFlops(LayerSpec layer, long items, long length, long out, int channels, int outChannels) {
        if (layer instanceof Conv1dLayer conv) {
            return 2.0 * items * out * outChannels * channels * conv.kernel();
        } else if (layer instanceof GruLayer gru) {
            return 2.0 * items * length * 3 * gru.hidden() * ((double) channels + gru.hidden());
        } else if (layer instanceof Conv2dLayer conv) {
            return conv2d(items, out, channels, outChannels, conv.kernel());
        } else if (layer instanceof PreActBottleneck block) {
            return conv2d(items, length, channels, block.width(), 1)
                    + conv2d(items, out, block.width(), block.width(), 3)
                    + conv2d(items, out, block.width(), outChannels, 1)
                    + (block.projects(channels) ? conv2d(items, out, channels, outChannels, 1) : 0);
        } else if (layer instanceof PreActBasicBlock block) {
            return conv2d(items, out, channels, block.width(), 3)
                    + conv2d(items, out, block.width(), block.width(), 3)
                    + (block.projects(channels) ? conv2d(items, out, channels, outChannels, 1) : 0);
        }
        return 0; // the patch grid only copies
    }

    private static double conv2d(long items, long side, int in, int out, int kernel) {
        return 2.0 * items * side * side * out * in * kernel * kernel;
    }
}
