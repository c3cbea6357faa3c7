package ai.gim.compiler.graph;

import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A module's whole InfoNCE loss on {@code [batch, channels, frames]} tensors. For each anchor frame
 * (every frame, or {@link InfoNceSettings#anchorsPerBatch()} drawn without replacement) it gathers the
 * context row, the positives (the target 1..K frames later in the same sequence) and the negatives
 * (frames drawn uniformly from the whole batch), evaluates the {@link InfoNceHead}, and scatter-adds
 * the gradients back onto the full tensors. Gathering and scattering are plain forward ND4J ops,
 * which is what makes the composite differentiable without SameDiff's broken gather gradient.
 */
public final class InfoNceLoss {

    private final int batch;
    private final int frames;
    private final int contextChannels;
    private final int targetChannels;
    private final int steps;
    private final int negatives;
    private final int anchors;
    private final int usableSteps;
    private final InfoNceHead head;
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
        int rows = batch * frames;
        this.anchors = settings.anchorsPerBatch() == 0 ? rows : Math.min(settings.anchorsPerBatch(), rows);
        this.dataType = dataType;
        this.usableSteps = Math.min(steps, frames - 1);
        if (usableSteps < 1) {
            throw new IllegalArgumentException("InfoNCE needs at least 2 frames per sequence; got " + frames);
        }
        this.head = InfoNceHead.build(anchors, contextChannels, targetChannels, steps, negatives, dataType, predictor);
        this.random = new SplittableRandom(seed);
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
        return compute(context, target, drawAnchors(rows), random.ints((long) anchors * negatives, 0, rows).toArray());
    }

    /** As {@link #compute(INDArray, INDArray)} with anchor rows {@code [anchors]} and negative rows {@code [anchors * negatives]} given. */
    Result compute(INDArray context, INDArray target, int[] anchorRows, int[] negativeRows) {
        int rows = batch * frames;
        int[] positiveRows = new int[anchors * steps];
        double[] weights = new double[anchors * steps];
        int[] validPerStep = new int[steps];
        for (int a = 0; a < anchors; a++) {
            int t = anchorRows[a] % frames;
            for (int k = 1; k <= steps; k++) {
                boolean valid = t + k < frames;
                positiveRows[a * steps + k - 1] = valid ? anchorRows[a] + k : anchorRows[a];
                validPerStep[k - 1] += valid ? 1 : 0;
            }
        }
        for (int a = 0; a < anchors; a++) {
            int t = anchorRows[a] % frames;
            for (int k = 1; k <= steps; k++) {
                if (t + k < frames) {
                    weights[a * steps + k - 1] = 1.0 / ((double) usableSteps * validPerStep[k - 1]);
                }
            }
        }
        INDArray contextRows = rowMajor(context, contextChannels);
        INDArray targetRows = context == target ? contextRows : rowMajor(target, targetChannels);
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
        return new Result(r.loss(), r.predictorGradient(),
                channelsFirst(contextGradRows, contextChannels), channelsFirst(targetGradRows, targetChannels));
    }

    /** All rows in order, or a uniform sample without replacement (partial Fisher-Yates). */
    private int[] drawAnchors(int rows) {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        if (anchors == rows) {
            return all;
        }
        for (int i = 0; i < anchors; i++) {
            int j = i + random.nextInt(rows - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, anchors);
    }

    private INDArray rowMajor(INDArray channelsFirst, int channels) {
        return channelsFirst.permute(0, 2, 1).dup('c').reshape((long) batch * frames, channels);
    }

    private INDArray channelsFirst(INDArray rows, int channels) {
        return rows.reshape(batch, frames, channels).permute(0, 2, 1).dup('c');
    }

    private static void scatterAdd(INDArray target, int[] indices, INDArray updates) {
        // in place: libnd4j's scatter_add accumulates repeated indices
        Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(target, Nd4j.createFromArray(indices), updates)
                .addOutputs(target).build());
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
