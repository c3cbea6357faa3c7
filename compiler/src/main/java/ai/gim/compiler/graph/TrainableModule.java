package ai.gim.compiler.graph;

import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * What a module's trainer needs: a forward pass that yields the InfoNCE rows, and the parameter
 * gradients for upstream gradients on those rows. {@link SameDiffModuleGraph} implements it for every
 * layer type; {@link HandWrittenAudioModule} implements it faster for the audio layers.
 */
public interface TrainableModule {

    /** The fastest implementation for training {@code graph} on batches of {@code batch}: hand-written where it exists. */
    static TrainableModule of(SameDiffModuleGraph graph, int batch) {
        return HandWrittenAudioModule.supports(graph.spec()) ? new HandWrittenAudioModule(graph, batch) : graph;
    }

    /** Runs the module on {@code input}; the arrays returned may be reused by the next call. */
    ModuleForward forward(INDArray input);

    /**
     * Gradients of the module's parameters for dL/d(context rows) and, for
     * {@link SameDiffModuleGraph.Targets#ENCODING}, dL/d(target rows), at the input of the latest
     * {@link #forward} call, which must have been {@code input}.
     */
    Map<String, INDArray> parameterGradients(INDArray input, INDArray contextGradient, INDArray targetGradient);

    /** The live parameter arrays by {@link ParameterNames} name (updating them in place updates the module). */
    Map<String, INDArray> parameters();

    SameDiffModuleGraph.Targets targets();

    ModuleSpec spec();
}
