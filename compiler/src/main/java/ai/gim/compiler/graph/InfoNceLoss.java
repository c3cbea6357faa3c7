package ai.gim.compiler.graph;

import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A module's whole InfoNCE loss on row tensors {@code [sequences · positions, channels]} (a row per
 * audio frame, or per patch of an image grid). For each anchor row (every row, or
 * {@link InfoNceSettings#anchorsPerBatch()}, drawn by its {@link InfoNceSampler}) it gathers the context row, the
 * positives ({@link PredictionTargets}: the frames 1..K later, or the patches 2.. rows below) and the
 * negatives, evaluates the {@link InfoNceHead}, and
 * scatter-adds the gradients back onto the full row tensors. Gathering and scattering are plain forward ND4J ops,
 * which is what makes the composite differentiable without SameDiff's broken gather gradient.
 */
public final class InfoNceLoss {

    private final int sequences;
    private final PredictionTargets layout;
    private final int contextChannels;
    private final int targetChannels;
    private final int steps;
    private final int negatives;
    private final int anchors;
    private final InfoNceHead head;
    private final InfoNceSampler sampler;
    private final DataType dataType;

    public InfoNceLoss(int sequences, PredictionTargets layout, int contextChannels, int targetChannels,
                       InfoNceSettings settings, DataType dataType, INDArray predictor, long seed) {
        this.sequences = sequences;
        this.layout = layout;
        this.contextChannels = contextChannels;
        this.targetChannels = targetChannels;
        this.steps = settings.predictionSteps();
        this.negatives = settings.negatives();
        this.sampler = new InfoNceSampler(sequences, layout, settings, seed);
        this.anchors = sampler.anchors();
        this.dataType = dataType;
        this.head = InfoNceHead.build(anchors, contextChannels, targetChannels, steps, negatives, dataType, predictor);
    }

    /** Initial predictor for {@code steps} bias-free linear maps, PyTorch's nn.Linear initialisation. */
    public static INDArray initialPredictor(int contextChannels, int targetChannels, int steps, long seed, DataType dataType) {
        return ParameterInitializer.uniform(new SplittableRandom(seed), 1.0 / Math.sqrt(contextChannels), dataType,
                contextChannels, (long) steps * targetChannels);
    }

    /**
     * @param contextRows {@code [rows, contextChannels]}
     * @param targetRows  {@code [rows, targetChannels]}; may be the same array as {@code contextRows}
     */
    public Result compute(INDArray contextRows, INDArray targetRows) {
        return compute(contextRows, targetRows, sampler.draw());
    }

    /** The loss on a drawn {@code sample}. */
    public Result compute(INDArray contextRows, INDArray targetRows, InfoNceSampler.Sample sample) {
        int rows = sequences * layout.positions();
        if (contextRows.size(0) != rows || targetRows.size(0) != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows; got " + contextRows.size(0) + " and " + targetRows.size(0));
        }
        int[] anchorRows = sample.anchorRows();
        int[] positiveRows = sample.positiveRows();
        int[] negativeRows = sample.negativeRows();
        double[] weights = sample.weights();
        INDArray anchorContext = Nd4j.pullRows(contextRows, 1, anchorRows);
        INDArray positives = Nd4j.pullRows(targetRows, 1, positiveRows).reshape(anchors, steps, targetChannels);
        INDArray negativeFrames = Nd4j.pullRows(targetRows, 1, negativeRows).reshape(anchors, negatives, targetChannels);
        INDArray stepWeights = Nd4j.create(weights, new long[]{anchors, steps}, 'c').castTo(dataType);

        InfoNceHead.Result r = head.lossAndGradients(anchorContext, positives, negativeFrames, stepWeights);

        INDArray contextGradRows = Nd4j.zeros(dataType, rows, contextChannels);
        scatterAdd(contextGradRows, anchorRows, r.contextGradient());
        INDArray targetGradRows = Nd4j.zeros(dataType, rows, targetChannels);
        scatterAdd(targetGradRows, positiveRows, r.positivesGradient().reshape((long) anchors * steps, targetChannels));
        scatterAdd(targetGradRows, negativeRows, r.negativesGradient().reshape((long) anchors * negatives, targetChannels));
        return new Result(r.loss(), r.predictorGradient(), contextGradRows, targetGradRows);
    }

    private static void scatterAdd(INDArray target, int[] indices, INDArray updates) {
        // in place: libnd4j's scatter_add accumulates repeated indices
        Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(target, Nd4j.createFromArray(indices), updates)
                .addOutputs(target).build());
    }

    /** Where this loss draws its anchors and negatives from. */
    public InfoNceSampler sampler() {
        return sampler;
    }

    /** The live predictor, W_1..W_K side by side. */
    public INDArray predictor() {
        return head.predictor();
    }

    /**
     * @param contextGradient {@code [rows, contextChannels]}
     * @param targetGradient  {@code [rows, targetChannels]}, to add to whatever produced the targets
     */
    public record Result(double loss, INDArray predictorGradient, INDArray contextGradient, INDArray targetGradient) {
    }
}
