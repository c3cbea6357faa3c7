package ai.gim.compiler.graph;

import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A module's whole InfoNCE loss on {@code [batch, channels, frames]} tensors: gathers each anchor's
 * positives (the targets 1..K frames later in the same sequence) and negatives (frames drawn
 * uniformly from the whole batch), evaluates the {@link InfoNceHead}, and scatter-adds the
 * candidates' gradients back onto the targets. Gathering and scattering are plain forward ND4J ops,
 * which is what makes the composite differentiable without SameDiff's broken gather gradient.
 */
public final class InfoNceLoss {

    private final int batch;
    private final int frames;
    private final int contextChannels;
    private final int targetChannels;
    private final int steps;
    private final int negatives;
    private final InfoNceHead head;
    private final INDArray positiveRows;
    private final INDArray stepWeights;
    private final SplittableRandom random;
    private final DataType dataType;

    public InfoNceLoss(int batch, int frames, int contextChannels, int targetChannels, InfoNceSettings settings,
                       DataType dataType, INDArray predictor, long seed) {
        this.batch = batch;
        this.frames = frames;
        this.contextChannels = contextChannels;
        this.targetChannels = targetChannels;
        this.steps = settings.predictionSteps();
        this.negatives = settings.negatives();
        this.dataType = dataType;
        int rows = batch * frames;
        this.head = InfoNceHead.build(rows, contextChannels, targetChannels, steps, negatives, dataType, predictor);
        this.random = new SplittableRandom(seed);
        int[] positives = new int[rows * steps];
        double[] weights = new double[rows * steps];
        int usableSteps = Math.min(steps, frames - 1);
        if (usableSteps < 1) {
            throw new IllegalArgumentException("InfoNCE needs at least 2 frames per sequence; got " + frames);
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                int row = b * frames + t;
                for (int k = 1; k <= steps; k++) {
                    boolean valid = t + k < frames;
                    positives[row * steps + k - 1] = valid ? row + k : row;
                    weights[row * steps + k - 1] = valid ? 1.0 / ((double) usableSteps * batch * (frames - k)) : 0.0;
                }
            }
        }
        this.positiveRows = Nd4j.createFromArray(positives);
        this.stepWeights = Nd4j.create(weights, new long[]{rows, steps}, 'c').castTo(dataType);
    }

    /** Initial predictor for {@code steps} bias-free linear maps, PyTorch's nn.Linear initialisation. */
    public static INDArray initialPredictor(int contextChannels, int targetChannels, int steps, long seed, DataType dataType) {
        return ParameterInitializer.uniform(new SplittableRandom(seed), 1.0 / Math.sqrt(contextChannels), dataType,
                contextChannels, (long) steps * targetChannels);
    }

    /**
     * @param context {@code [batch, contextChannels, frames]}
     * @param target  {@code [batch, targetChannels, frames]}; may be the same array as {@code context}
     */
    public Result compute(INDArray context, INDArray target) {
        int rows = batch * frames;
        return compute(context, target, Nd4j.createFromArray(random.ints((long) rows * negatives, 0, rows).toArray()));
    }

    /** As {@link #compute(INDArray, INDArray)} with the negatives given: row indices {@code [rows * negatives]}. */
    Result compute(INDArray context, INDArray target, INDArray negativeRows) {
        int rows = batch * frames;
        INDArray contextRows = rowMajor(context, contextChannels);
        INDArray targetRows = context == target ? contextRows : rowMajor(target, targetChannels);
        INDArray positives = Nd4j.pullRows(targetRows, 1, positiveRows.toIntVector()).reshape(rows, steps, targetChannels);
        INDArray negativeFrames = Nd4j.pullRows(targetRows, 1, negativeRows.toIntVector()).reshape(rows, negatives, targetChannels);

        InfoNceHead.Result r = head.lossAndGradients(contextRows, positives, negativeFrames, stepWeights);

        INDArray targetGradRows = Nd4j.zeros(dataType, rows, targetChannels);
        scatterAdd(targetGradRows, positiveRows, r.positivesGradient().reshape((long) rows * steps, targetChannels));
        scatterAdd(targetGradRows, negativeRows, r.negativesGradient().reshape((long) rows * negatives, targetChannels));
        return new Result(r.loss(), r.predictorGradient(),
                channelsFirst(r.contextGradient(), contextChannels), channelsFirst(targetGradRows, targetChannels));
    }

    private INDArray rowMajor(INDArray channelsFirst, int channels) {
        return channelsFirst.permute(0, 2, 1).dup('c').reshape((long) batch * frames, channels);
    }

    private INDArray channelsFirst(INDArray rows, int channels) {
        return rows.reshape(batch, frames, channels).permute(0, 2, 1).dup('c');
    }

    private static void scatterAdd(INDArray target, INDArray indices, INDArray updates) {
        // in place: libnd4j's scatter_add accumulates repeated indices
        Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(target, indices, updates).addOutputs(target).build());
    }

    /** The live predictor, W_1..W_K side by side. */
    public INDArray predictor() {
        return head.predictor();
    }

    /**
     * @param contextGradient {@code [batch, contextChannels, frames]}
     * @param targetGradient  {@code [batch, targetChannels, frames]}, to add to whatever produced the targets
     */
    public record Result(double loss, INDArray predictorGradient, INDArray contextGradient, INDArray targetGradient) {
    }
}
