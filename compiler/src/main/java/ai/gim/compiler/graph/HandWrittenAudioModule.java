package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audio module (conv1d + ReLU layers whose kernels are multiples of their strides, optionally a
 * GRU on top) trained through hand-written forward and backward passes ({@link GemmConv1d},
 * {@link HandWrittenGru}) on the same live parameter arrays as its {@link SameDiffModuleGraph}, which
 * stays the reference the ONNX export is checked against. The forward pass keeps its activations for
 * the backward pass of the same batch, and every buffer is allocated once for one batch size.
 */
public final class HandWrittenAudioModule implements TrainableModule {

    private final SameDiffModuleGraph graph;
    private final List<GemmConv1d> convolutions = new ArrayList<>();
    private final HandWrittenGru gru;
    private final int batch;
    private final int frames;
    private final INDArray contextRows;   // [batch · frames, Dc]
    private final INDArray targetRows;    // [batch · frames, Dz] unless the targets are the context
    private final INDArray encodingGrad;  // [batch, frames, Dz] for a GRU above convolutions

    /** Whether every layer of {@code spec} has a hand-written counterpart. */
    public static boolean supports(ModuleSpec spec) {
        List<LayerSpec> layers = spec.layers();
        for (int j = 0; j < layers.size(); j++) {
            LayerSpec layer = layers.get(j);
            boolean ok = layer instanceof Conv1dLayer conv ? GemmConv1d.supports(conv)
                    : layer instanceof GruLayer && j == layers.size() - 1;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The module for training {@code graph}'s parameters on batches of {@code batch} sequences. */
    public HandWrittenAudioModule(SameDiffModuleGraph graph, int batch) {
        ModuleSpec spec = graph.spec();
        if (!supports(spec)) {
            throw new IllegalArgumentException("module " + spec.index() + " has layers without a hand-written pass: " + spec.layers());
        }
        this.graph = graph;
        this.batch = batch;
        Map<String, INDArray> live = graph.parameters();
        int channels = spec.inputChannels();
        int length = Math.toIntExact(graph.inputShape()[2]);
        HandWrittenGru recurrent = null;
        for (int j = 0; j < spec.layers().size(); j++) {
            LayerSpec layer = spec.layers().get(j);
            if (layer instanceof Conv1dLayer conv) {
                GemmConv1d c = new GemmConv1d(conv, channels, batch, length, live.get(ParameterNames.convWeight(j)),
                        live.get(ParameterNames.convBias(j)), j > 0);
                convolutions.add(c);
                length = c.outputLength();
            } else if (layer instanceof GruLayer g) {
                recurrent = new HandWrittenGru(j, channels, g.hidden(), batch, length, live, !convolutions.isEmpty());
            }
            channels = layer.outputChannels(channels);
        }
        this.gru = recurrent;
        this.frames = length;
        var t = live.values().iterator().next().dataType();
        this.contextRows = Nd4j.create(t, (long) batch * frames, spec.outputChannels());
        this.targetRows = graph.targets() == SameDiffModuleGraph.Targets.CONTEXT ? contextRows
                : Nd4j.create(t, (long) batch * frames, spec.encoderChannels());
        this.encodingGrad = gru != null && !convolutions.isEmpty() ? Nd4j.create(t, batch, frames, spec.encoderChannels()) : null;
    }

    /**
     * @param input {@code [batch, C, frames]}; the output is {@code [batch, C', frames']}, a view of
     *              this module's buffer, valid until the next call
     */
    @Override
    public ModuleForward forward(INDArray input) {
        if (input.size(0) != batch) {
            throw new IllegalArgumentException("module " + spec().index() + " was set up for batches of " + batch + "; got " + input.size(0));
        }
        INDArray x = input.permute(0, 2, 1); // time-major [batch, frames, C]
        for (GemmConv1d conv : convolutions) {
            x = conv.forward(x);
        }
        INDArray encoding = x;
        if (gru != null) {
            x = gru.forward(x);
        }
        contextRows.reshape(batch, frames, spec().outputChannels()).assign(x);
        if (graph.targets() != SameDiffModuleGraph.Targets.CONTEXT) {
            targetRows.reshape(batch, frames, spec().encoderChannels()).assign(encoding);
        }
        INDArray output = contextRows.reshape(batch, frames, spec().outputChannels()).permute(0, 2, 1);
        return new ModuleForward(output, contextRows, targetRows);
    }

    @Override
    public Map<String, INDArray> parameterGradients(INDArray input, INDArray contextGradient, INDArray targetGradient) {
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        INDArray g = contextGradient.reshape(batch, frames, spec().outputChannels());
        if (gru != null) {
            INDArray inputGrad = gru.backward(g);
            gradients.putAll(gru.gradients());
            if (convolutions.isEmpty()) {
                return gradients; // the GRU's input is the frozen module below
            }
            g = encodingGrad.assign(inputGrad);
            if (graph.targets() == SameDiffModuleGraph.Targets.ENCODING) {
                g.addi(targetGradient.reshape(batch, frames, spec().encoderChannels()));
            }
        }
        for (int i = convolutions.size() - 1; i >= 0; i--) {
            g = convolutions.get(i).backward(g);
        }
        int c = 0;
        for (int j = 0; j < spec().layers().size(); j++) {
            if (spec().layers().get(j) instanceof Conv1dLayer) {
                gradients.put(ParameterNames.convWeight(j), convolutions.get(c).weightGradient());
                gradients.put(ParameterNames.convBias(j), convolutions.get(c).biasGradient());
                c++;
            }
        }
        return gradients;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return graph.parameters();
    }

    @Override
    public SameDiffModuleGraph.Targets targets() {
        return graph.targets();
    }

    @Override
    public ModuleSpec spec() {
        return graph.spec();
    }
}
