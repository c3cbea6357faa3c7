package ai.gim.compiler.train;

import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Trains one gradient-isolated module: forward on the (detached) output of the module below, its own
 * InfoNCE loss, back-propagation through the module only, its own Adam state.
 */
public final class ModuleTrainer {

    private final SameDiffModuleGraph graph;
    private final InfoNceLoss loss;
    private final AdamState moduleAdam;
    private final AdamState predictorAdam;

    public ModuleTrainer(SameDiffModuleGraph graph, int batch, InfoNceSettings settings, INDArray predictor,
                         double learningRate, long seed) {
        this.graph = graph;
        int contextChannels = graph.spec().outputChannels();
        int targetChannels = graph.spec().encoderChannels();
        this.loss = new InfoNceLoss(batch, graph.outputLength(), contextChannels, targetChannels, settings,
                DataType.FLOAT, predictor, seed);
        this.moduleAdam = new AdamState(learningRate);
        this.predictorAdam = new AdamState(learningRate);
    }

    /** One optimisation step on {@code input}; returns the loss and the module's output before the update. */
    public Step step(INDArray input) {
        INDArray[] zc = graph.forward(input);
        INDArray z = zc[0];
        INDArray c = zc[1];
        INDArray target = graph.targetsAreOwnEncoding() ? z : input;
        InfoNceLoss.Result r = loss.compute(c, target);
        INDArray gradContext = r.contextGradient();
        INDArray gradEncoded = null;
        if (graph.encodedIsSeparatelyTrainable()) {
            gradEncoded = r.targetGradient();
        } else if (graph.targetsAreOwnEncoding()) {
            gradContext.addi(r.targetGradient()); // c and z are the same tensor
        }
        Map<String, INDArray> gradients = graph.parameterGradients(input, gradContext, gradEncoded);
        moduleAdam.apply(graph.parameters(), gradients);
        predictorAdam.apply(Map.of("predictor", loss.predictor()), Map.of("predictor", r.predictorGradient()));
        return new Step(r.loss(), c);
    }

    public SameDiffModuleGraph graph() {
        return graph;
    }

    public INDArray predictor() {
        return loss.predictor();
    }

    public record Step(double loss, INDArray output) {
    }
}
