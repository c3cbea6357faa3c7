package ai.gim.compiler.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-layer GRU (PyTorch's gate equations, as in {@link SameDiffModuleGraph}) with back-propagation
 * through time written out: the input projections of all frames in one matrix product, one small
 * product per frame for the recurrence, and the weight gradients as one product each over all frames.
 * Works time-major ({@code [frames, batch, ·]}) in buffers allocated once.
 *
 * <p>Gate columns are ordered z, r, n ({@link ParameterNames#GRU_GATES}):
 * r = σ(x·W_ir + b_ir + h·W_hr + b_hr), u = σ(x·W_iz + b_iz + h·W_hz + b_hz),
 * n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn)), h' = n + u ⊙ (h − n).
 */
final class HandWrittenGru {

    private final int layer;
    private final int channels;
    private final int hidden;
    private final int batch;
    private final int frames;
    private final Map<String, INDArray> live;
    private final INDArray inputWeights;     // [C, 3H], assembled from the live per-gate arrays each pass
    private final INDArray recurrentWeights; // [H, 3H]
    private final INDArray inputBias;        // [3H]
    private final INDArray recurrentBias;    // [3H]
    private final INDArray input;            // [T, B, C]
    private final INDArray inputGates;       // [T·B, 3H]: x·W_i + b_i
    private final INDArray recurrentCandidates; // [T, B, H]: h·W_hn + b_hn
    private final INDArray recurrentWeightsT; // [3H, H], for the backward products
    private final INDArray update;           // [T, B, H]
    private final INDArray reset;            // [T, B, H]
    private final INDArray candidate;        // [T, B, H]
    private final INDArray states;           // [T+1, B, H]; states[0] = 0
    private final INDArray output;           // [B, T, H]
    private final INDArray inputGatesGrad;   // [T·B, 3H]
    private final INDArray recurrentGatesGrad; // [T·B, 3H]
    private final INDArray stateGrad;        // [B, H]
    private final INDArray inputWeightsGrad;
    private final INDArray recurrentWeightsGrad;
    private final INDArray inputBiasGrad;
    private final INDArray recurrentBiasGrad;
    private final INDArray inputGrad;        // [T·B, C], when a layer below learns
    private final INDArray upstream;         // [T, B, H]: dL/d(states) of the current backward pass
    // the recurrent products run on standalone arrays: ND4J's gemm is several times slower on views
    private final INDArray state;            // [B, H]: h of the frame being computed
    private final INDArray stepGates;        // [B, 3H]: h·W_h + b_h of that frame
    private final INDArray[] stepGate;
    private final INDArray stepGatesGrad;    // [B, 3H]
    private final INDArray[] stepGateGrad;
    // local derivatives of every frame, computed for all frames at once before the backward loop:
    private final INDArray candidateFactor;  // [T, B, H]: (1 − u) ⊙ (1 − n²)      dh → d(candidate pre-activation)
    private final INDArray updateFactor;     // [T, B, H]: (h − n) ⊙ u ⊙ (1 − u)  dh → d(update pre-activation)
    private final INDArray resetFactor;      // [T, B, H]: (h·W_hn + b_hn) ⊙ r ⊙ (1 − r)  dn → d(reset pre-activation)
    private final INDArray work;             // [T, B, H]
    private final Frame[] frameViews;

    /**
     * Views of one frame's slices of the buffers, made once: creating an ND4J view costs more than
     * the small operations done on it.
     */
    private record Frame(INDArray previous, INDArray next, INDArray[] inputGates, INDArray recurrentCandidate,
                         INDArray update, INDArray reset, INDArray candidate, INDArray inputGatesGrad,
                         INDArray recurrentGatesGrad, INDArray upstream, INDArray candidateFactor,
                         INDArray updateFactor, INDArray resetFactor) {
    }

    /**
     * @param passesGradientDown whether {@link #backward} must return dL/d(input) (a layer below learns)
     */
    HandWrittenGru(int layer, int channels, int hidden, int batch, int frames, Map<String, INDArray> parameters,
                   boolean passesGradientDown) {
        this.layer = layer;
        this.channels = channels;
        this.hidden = hidden;
        this.batch = batch;
        this.frames = frames;
        this.live = parameters;
        DataType t = parameters.get(ParameterNames.gruInputWeight(layer, "z")).dataType();
        long g = 3L * hidden;
        inputWeights = Nd4j.create(t, channels, g);
        recurrentWeights = Nd4j.create(t, hidden, g);
        inputBias = Nd4j.create(t, 1, g);
        recurrentBias = Nd4j.create(t, 1, g);
        input = Nd4j.create(t, frames, batch, channels);
        inputGates = Nd4j.create(t, (long) frames * batch, g);
        recurrentCandidates = Nd4j.create(t, frames, batch, hidden);
        recurrentWeightsT = Nd4j.create(t, g, hidden);
        update = Nd4j.create(t, frames, batch, hidden);
        reset = Nd4j.create(t, frames, batch, hidden);
        candidate = Nd4j.create(t, frames, batch, hidden);
        states = Nd4j.zeros(t, frames + 1, batch, hidden);
        output = Nd4j.create(t, batch, frames, hidden);
        inputGatesGrad = Nd4j.create(t, (long) frames * batch, g);
        recurrentGatesGrad = Nd4j.create(t, (long) frames * batch, g);
        stateGrad = Nd4j.create(t, batch, hidden);
        inputWeightsGrad = Nd4j.create(t, channels, g);
        recurrentWeightsGrad = Nd4j.create(t, hidden, g);
        inputBiasGrad = Nd4j.create(t, 1, g);
        recurrentBiasGrad = Nd4j.create(t, 1, g);
        inputGrad = passesGradientDown ? Nd4j.create(t, (long) frames * batch, channels) : null;
        upstream = Nd4j.create(t, frames, batch, hidden);
        state = Nd4j.create(t, batch, hidden);
        stepGates = Nd4j.create(t, batch, g);
        stepGate = gates(stepGates);
        stepGatesGrad = Nd4j.create(t, batch, g);
        stepGateGrad = gates(stepGatesGrad);
        candidateFactor = Nd4j.create(t, frames, batch, hidden);
        updateFactor = Nd4j.create(t, frames, batch, hidden);
        resetFactor = Nd4j.create(t, frames, batch, hidden);
        work = Nd4j.create(t, frames, batch, hidden);
        frameViews = new Frame[frames];
        for (int f = 0; f < frames; f++) {
            frameViews[f] = new Frame(frame(states, f), frame(states, f + 1), gates(frameRows(inputGates, f)),
                    frame(recurrentCandidates, f), frame(update, f), frame(reset, f), frame(candidate, f),
                    frameRows(inputGatesGrad, f), frameRows(recurrentGatesGrad, f), frame(upstream, f),
                    frame(candidateFactor, f), frame(updateFactor, f), frame(resetFactor, f));
        }
    }

    private INDArray[] gates(INDArray a) {
        return new INDArray[]{gate(a, 0), gate(a, 1), gate(a, 2)};
    }

    /** Gate g's columns (z 0, r 1, n 2) of a {@code [.., 3H]} array. */
    private INDArray gate(INDArray a, int g) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) g * hidden, (long) (g + 1) * hidden));
    }

    private static INDArray frame(INDArray timeMajor, int t) {
        return timeMajor.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private INDArray frameRows(INDArray rowsByFrame, int t) {
        return rowsByFrame.get(NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch), NDArrayIndex.all());
    }

    private void assembleWeights() {
        for (int g = 0; g < 3; g++) {
            String name = ParameterNames.GRU_GATES[g];
            gate(inputWeights, g).assign(live.get(ParameterNames.gruInputWeight(layer, name)));
            gate(recurrentWeights, g).assign(live.get(ParameterNames.gruRecurrentWeight(layer, name)));
            gate(inputBias, g).assign(live.get(ParameterNames.gruInputBias(layer, name)));
            gate(recurrentBias, g).assign(live.get(ParameterNames.gruRecurrentBias(layer, name)));
        }
    }

    /**
     * @param timeMajorInput {@code [batch, frames, C]} (any strides)
     * @return the states {@code [batch, frames, H]}, this layer's buffer
     */
    INDArray forward(INDArray timeMajorInput) {
        assembleWeights();
        input.assign(timeMajorInput.permute(1, 0, 2));
        Nd4j.gemm(input.reshape((long) frames * batch, channels), inputWeights, inputGates, false, false, 1.0, 0.0);
        inputGates.addiRowVector(inputBias);
        state.assign(0);
        int blasThreads = oneBlasThread();
        try {
            forwardThroughTime();
        } finally {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
        output.assign(states.get(NDArrayIndex.interval(1, frames + 1), NDArrayIndex.all(), NDArrayIndex.all()).permute(1, 0, 2));
        return output;
    }

    /**
     * Sets BLAS to one thread and returns the previous count. The per-frame products are tiny: with
     * two threads, OpenBLAS's thread hand-offs cost more than the products and make their times
     * erratic (2-5× slower measured on two cores).
     */
    private static int oneBlasThread() {
        int threads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1);
        return threads;
    }

    private void forwardThroughTime() {
        for (Frame f : frameViews) {
            Nd4j.gemm(state, recurrentWeights, stepGates, false, false, 1.0, 0.0);
            stepGates.addiRowVector(recurrentBias);
            f.recurrentCandidate().assign(stepGate[2]);
            INDArray u = f.update();
            INDArray r = f.reset();
            INDArray n = f.candidate();
            Nd4j.exec(new Sigmoid(u.assign(f.inputGates()[0]).addi(stepGate[0]), u));
            Nd4j.exec(new Sigmoid(r.assign(f.inputGates()[1]).addi(stepGate[1]), r));
            Nd4j.exec(new Tanh(n.assign(stepGate[2]).muli(r).addi(f.inputGates()[2]), n));
            state.subi(n).muli(u).addi(n);
            f.next().assign(state);
        }
    }

    /**
     * Back-propagates dL/d(states) {@code [batch, frames, H]} through time: fills the parameter
     * gradients and returns dL/d(input) {@code [batch, frames, C]} (a view of this layer's buffer),
     * or null when no layer below learns.
     */
    INDArray backward(INDArray statesGrad) {
        upstream.assign(statesGrad.permute(1, 0, 2));
        stateGrad.assign(0);
        recurrentWeightsT.assign(recurrentWeights.transpose());
        INDArray previousFrames = states.get(NDArrayIndex.interval(0, frames), NDArrayIndex.all(), NDArrayIndex.all());
        candidateFactor.assign(update).rsubi(1).muli(work.assign(candidate).muli(candidate).rsubi(1));
        updateFactor.assign(previousFrames).subi(candidate).muli(update).muli(work.assign(update).rsubi(1));
        resetFactor.assign(recurrentCandidates).muli(reset).muli(work.assign(reset).rsubi(1));
        int blasThreads = oneBlasThread();
        try {
            backwardThroughTime();
        } finally {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
        Nd4j.gemm(previousFrames.reshape((long) frames * batch, hidden), recurrentGatesGrad, recurrentWeightsGrad, true, false, 1.0, 0.0);
        Nd4j.gemm(input.reshape((long) frames * batch, channels), inputGatesGrad, inputWeightsGrad, true, false, 1.0, 0.0);
        inputGatesGrad.sum(inputBiasGrad, true, 0);
        recurrentGatesGrad.sum(recurrentBiasGrad, true, 0);
        if (inputGrad == null) {
            return null;
        }
        Nd4j.gemm(inputGatesGrad, inputWeights, inputGrad, false, true, 1.0, 0.0);
        return inputGrad.reshape(frames, batch, channels).permute(1, 0, 2);
    }

    private void backwardThroughTime() {
        for (int t = frames - 1; t >= 0; t--) {
            Frame f = frameViews[t];
            stateGrad.addi(f.upstream());
            stepGateGrad[2].assign(f.candidateFactor()).muli(stateGrad);
            stepGateGrad[0].assign(f.updateFactor()).muli(stateGrad);
            stepGateGrad[1].assign(f.resetFactor()).muli(stepGateGrad[2]);
            f.inputGatesGrad().assign(stepGatesGrad);
            stepGateGrad[2].muli(f.reset()); // the recurrent candidate term is gated by r
            f.recurrentGatesGrad().assign(stepGatesGrad);
            // dh_prev = dh ⊙ u + dGh · W_hᵀ (standalone arrays: ND4J's gemm is slow on views and with transposes)
            stateGrad.muli(f.update());
            Nd4j.gemm(stepGatesGrad, recurrentWeightsT, stateGrad, false, false, 1.0, 1.0);
        }
    }

    /** The gradients of the latest {@link #backward}, per gate, as SameDiff names them (copies). */
    Map<String, INDArray> gradients() {
        Map<String, INDArray> g = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            String name = ParameterNames.GRU_GATES[k];
            g.put(ParameterNames.gruInputWeight(layer, name), gate(inputWeightsGrad, k).dup('c'));
            g.put(ParameterNames.gruRecurrentWeight(layer, name), gate(recurrentWeightsGrad, k).dup('c'));
            g.put(ParameterNames.gruInputBias(layer, name), gate(inputBiasGrad, k).dup('c').reshape(hidden));
            g.put(ParameterNames.gruRecurrentBias(layer, name), gate(recurrentBiasGrad, k).dup('c').reshape(hidden));
        }
        return g;
    }
}
