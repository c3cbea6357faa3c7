package ai.gim.models;

import java.util.List;

/**
 * Receptive field of one output frame (audio: in samples) or one output cell (vision: in pixels of a
 * patch) of each module of a cut, through the convolutions; a module behind a GRU also sees the whole past.
 */
public final class ReceptiveField {

    private ReceptiveField() {
    }

    public static long[] of(List<ModuleSpec> modules) {
        long[] fields = new long[modules.size()];
        long field = 1;
        long jump = 1;
        for (ModuleSpec module : modules) {
            for (LayerSpec layer : module.layers()) {
                int[][] convs = convolutions(layer);
                for (int[] kernelStride : convs) {
                    field += (kernelStride[0] - 1) * jump;
                    jump *= kernelStride[1];
                }
            }
            fields[module.index()] = field;
        }
        return fields;
    }

    /** (kernel, stride) of each convolution on the layer's main path, in order. */
    private static int[][] convolutions(LayerSpec layer) {
        if (layer instanceof Conv1dLayer c) {
            return new int[][]{{c.kernel(), c.stride()}};
        } else if (layer instanceof Conv2dLayer c) {
            return new int[][]{{c.kernel(), c.stride()}};
        } else if (layer instanceof PreActBottleneck b) {
            return new int[][]{{3, b.stride()}};
        } else if (layer instanceof PreActBasicBlock b) {
            return new int[][]{{3, b.stride()}, {3, 1}};
        }
        return new int[0][]; // GRU, patch grid: no spatial or temporal kernel
    }
}
