package ai.gim.compiler.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.LinkedHashMap;
import java.util.Map;

/** ND4J's Adam updater, one state per parameter array, applied in place. */
final class AdamState {

    private final Adam config;
    private final Map<String, AdamUpdater> updaters = new LinkedHashMap<>();
    private int iteration;

    AdamState(double learningRate) {
        this.config = new Adam(learningRate);
    }

    /** Updates every parameter in {@code parameters} with the gradient of the same name. */
    void apply(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
            INDArray gradient = gradients.get(p.getKey());
            if (gradient == null) {
                throw new IllegalStateException("no gradient for parameter " + p.getKey());
            }
            updaters.computeIfAbsent(p.getKey(), k -> newUpdater(p.getValue()))
                    .applyUpdater(gradient, iteration, 0);
            p.getValue().subi(gradient);
        }
        iteration++;
    }

    private AdamUpdater newUpdater(INDArray parameter) {
        AdamUpdater updater = new AdamUpdater(config);
        INDArray state = Nd4j.zeros(parameter.dataType(), 1, config.stateSize(parameter.length()));
        updater.setStateViewArray(state, parameter.shape(), 'c', true);
        return updater;
    }
}
