package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.Conv2dLayer;
import ai.gim.models.PreActBasicBlock;
import ai.gim.models.PreActBottleneck;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation, so that a random-init stack here is the random-init baseline
 * of the original code: conv weights and biases uniform in ±1/sqrt(fan in), GRU parameters uniform
 * in ±1/sqrt(hidden). The patch grid has no parameters.
 */
public final class ParameterInitializer {

    private ParameterInitializer() {
    }

    public static Map<String, INDArray> initialise(ModuleSpec module, long seed, DataType dataType) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + module.index());
        Map<String, INDArray> params = new LinkedHashMap<>();
        int channels = module.inputChannels();
        for (int j = 0; j < module.layers().size(); j++) {
            LayerSpec layer = module.layers().get(j);
            if (layer instanceof Conv1dLayer conv) {
                double bound = 1.0 / Math.sqrt((double) channels * conv.kernel());
                params.put(ParameterNames.convWeight(j), uniform(random, bound, dataType, conv.kernel(), channels, conv.channels()));
                params.put(ParameterNames.convBias(j), uniform(random, bound, dataType, conv.channels()));
            } else if (layer instanceof Conv2dLayer conv) {
                double bound = 1.0 / Math.sqrt((double) channels * conv.kernel() * conv.kernel());
                params.put(ParameterNames.convWeight(j), uniform(random, bound, dataType, conv.kernel(), conv.kernel(), channels, conv.channels()));
                params.put(ParameterNames.convBias(j), uniform(random, bound, dataType, conv.channels()));
            } else if (layer instanceof PreActBottleneck block) {
                int w = block.width();
                blockConv(params, random, dataType, j, "conv1", 1, channels, w);
                blockConv(params, random, dataType, j, "conv2", 3, w, w);
                blockConv(params, random, dataType, j, "conv3", 1, w, PreActBottleneck.EXPANSION * w);
                if (block.projects(channels)) {
                    blockConv(params, random, dataType, j, "shortcut", 1, channels, PreActBottleneck.EXPANSION * w);
                }
            } else if (layer instanceof PreActBasicBlock block) {
                int w = block.width();
                blockConv(params, random, dataType, j, "conv1", 3, channels, w);
                blockConv(params, random, dataType, j, "conv2", 3, w, w);
                if (block.projects(channels)) {
                    blockConv(params, random, dataType, j, "shortcut", 1, channels, w);
                }
            } else if (layer instanceof GruLayer gru) {
                int h = gru.hidden();
                double bound = 1.0 / Math.sqrt(h);
                for (String gate : ParameterNames.GRU_GATES) {
                    params.put(ParameterNames.gruInputWeight(j, gate), uniform(random, bound, dataType, channels, h));
                    params.put(ParameterNames.gruRecurrentWeight(j, gate), uniform(random, bound, dataType, h, h));
                    params.put(ParameterNames.gruInputBias(j, gate), uniform(random, bound, dataType, h));
                    params.put(ParameterNames.gruRecurrentBias(j, gate), uniform(random, bound, dataType, h));
                }
            }
            channels = layer.outputChannels(channels);
        }
        return params;
    }

    private static void blockConv(Map<String, INDArray> params, SplittableRandom random, DataType dataType, int layer,
                                  String conv, int kernel, int in, int out) {
        double bound = 1.0 / Math.sqrt((double) in * kernel * kernel);
        params.put(ParameterNames.blockWeight(layer, conv), uniform(random, bound, dataType, kernel, kernel, in, out));
    }

    static INDArray uniform(SplittableRandom random, double bound, DataType dataType, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * random.nextDouble() - 1) * bound;
        }
        return Nd4j.create(values, shape, 'c').castTo(dataType);
    }
}
