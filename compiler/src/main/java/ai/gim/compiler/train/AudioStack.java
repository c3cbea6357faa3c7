package ai.gim.compiler.train;

import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The SameDiff graphs of every module of a cut, each built for the frames its input has in a training window. */
public final class AudioStack {

    private final List<SameDiffModuleGraph> graphs;

    private AudioStack(List<SameDiffModuleGraph> graphs) {
        this.graphs = graphs;
    }

    /** @param parameters initial parameters of module k */
    public static AudioStack build(List<ModuleSpec> modules, int windowSamples, IntFunction<Map<String, INDArray>> parameters) {
        List<SameDiffModuleGraph> graphs = new ArrayList<>();
        int length = windowSamples;
        for (ModuleSpec module : modules) {
            SameDiffModuleGraph graph = SameDiffModuleGraph.build(module, length, DataType.FLOAT, parameters.apply(module.index()));
            graphs.add(graph);
            length = graph.outputLength();
        }
        return new AudioStack(List.copyOf(graphs));
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

    /** The input every module sees for {@code window} ({@code [batch, 1, samples]}), and the last output: size()+1 arrays. */
    public List<INDArray> activations(INDArray window) {
        List<INDArray> out = new ArrayList<>();
        INDArray x = window;
        out.add(x);
        for (SameDiffModuleGraph graph : graphs) {
            x = graph.forward(x)[1];
            out.add(x);
        }
        return out;
    }
}
