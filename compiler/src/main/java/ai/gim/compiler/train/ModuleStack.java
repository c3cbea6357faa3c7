package ai.gim.compiler.train;

import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The SameDiff graphs of every module of a cut, each built for the input size it gets from the one below. */
public final class ModuleStack {

    private final List<SameDiffModuleGraph> graphs;

    private ModuleStack(List<SameDiffModuleGraph> graphs) {
        this.graphs = graphs;
    }

    /**
     * @param inputLength samples of a training window (audio) or the side of the image module 0 takes (vision)
     * @param parameters  initial parameters of module k
     */
    public static ModuleStack build(List<ModuleSpec> modules, int inputLength, IntFunction<Map<String, INDArray>> parameters) {
        List<SameDiffModuleGraph> graphs = new ArrayList<>();
        int length = inputLength;
        for (ModuleSpec module : modules) {
            SameDiffModuleGraph graph = SameDiffModuleGraph.build(module, length, DataType.FLOAT, parameters.apply(module.index()));
            graphs.add(graph);
            length = graph.outputLength();
        }
        return new ModuleStack(List.copyOf(graphs));
    }

    public List<SameDiffModuleGraph> graphs() {
        return graphs;
    }

    public SameDiffModuleGraph graph(int k) {
        return graphs.get(k);
    }

    public int size() {
        return graphs.size();
    }

    /** The input every module sees for {@code batch}, and the last module's output: size()+1 arrays. */
    public List<INDArray> activations(INDArray batch) {
        List<INDArray> out = new ArrayList<>();
        INDArray x = batch;
        out.add(x);
        for (SameDiffModuleGraph graph : graphs) {
            x = graph.output(x);
            out.add(x);
        }
        return out;
    }
}
