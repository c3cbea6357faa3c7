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
 * {@link InfoNceSettings#anchorsPerBatch()} drawn without replacement) it gathers the context row, the
 * positives ({@link PredictionTargets}: the frames 1..K later, or the patches 2.. rows below) and the
 * negatives (rows drawn uniformly from the whole batch), evaluates the {@link InfoNceHead}, and
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
    private final int usableSteps;
    private final InfoNceHead head;
    private final SplittableRandom random;
    private final DataType dataType;

    public InfoNceLoss(int sequences, PredictionTargets layout, int contextChannels, int targetChannels,
                       InfoNceSettings settings, DataType dataType, INDArray predictor, long seed) {
        this.sequences = sequences;
        this.layout = layout;
        this.contextChannels = contextChannels;
        this.targetChannels = targetChannels;
        this.steps = settings.predictionSteps();
        this.negatives = settings.negatives();
        int rows = sequences * layout.positions();
        this.anchors = settings.anchorsPerBatch() == 0 ? rows : Math.min(settings.anchorsPerBatch(), rows);
        this.dataType = dataType;
        int usable = 0;
        for (int k = 1; k <= steps; k++) {
            usable += layout.target(0, k) >= 0 ? 1 : 0;
        }
        this.usableSteps = usable;
        if (usableSteps < 1) {
            throw new IllegalArgumentException("InfoNCE has no positive for any step: " + layout);
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
     * @param contextRows {@code [rows, contextChannels]}
     * @param targetRows  {@code [rows, targetChannels]}; may be the same array as {@code contextRows}
     */
    public Result compute(INDArray contextRows, INDArray targetRows) {
        int rows = sequences * layout.positions();
        return compute(contextRows, targetRows, drawAnchors(rows), random.ints((long) anchors * negatives, 0, rows).toArray());
    }

    /** As {@link #compute(INDArray, INDArray)} with anchor rows {@code [anchors]} and negative rows {@code [anchors * negatives]} given. */
    Result compute(INDArray contextRows, INDArray targetRows, int[] anchorRows, int[] negativeRows) {
        int rows = sequences * layout.positions();
        if (contextRows.size(0) != rows || targetRows.size(0) != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows; got " + contextRows.size(0) + " and " + targetRows.size(0));
        }
        int[] positiveRows = new int[anchors * steps];
        double[] weights = new double[anchors * steps];
        int[] validPerStep = new int[steps];
        for (int a = 0; a < anchors; a++) {
            int position = anchorRows[a] % layout.positions();
            for (int k = 1; k <= steps; k++) {
                int target = layout.target(position, k);
                boolean valid = target >= 0;
                // an anchor without a positive at step k points at itself, with weight 0
                positiveRows[a * steps + k - 1] = valid ? anchorRows[a] - position + target : anchorRows[a];
                weights[a * steps + k - 1] = valid ? 1 : 0;
                validPerStep[k - 1] += valid ? 1 : 0;
            }
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= (double) usableSteps * Math.max(1, validPerStep[i % steps]);
        }
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
     * @param contextGradient {@code [rows, contextChannels]}
     * @param targetGradient  {@code [rows, targetChannels]}, to add to whatever produced the targets
     */
    public record Result(double loss, INDArray predictorGradient, INDArray contextGradient, INDArray targetGradient) {
    }
}
