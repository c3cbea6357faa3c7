package ai.gim.compiler.graph;

import ai.gim.models.InfoNceSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A module's whole InfoNCE loss on row tensors {@code [sequences · positions, channels]} (a row per
 * audio frame, or per patch of an image grid), with its gradients written out by hand. For anchor
 * row a (drawn by an {@link InfoNceSampler}) and step k, the prediction {@code c_a · W_k} is scored
 * against the positive (the frame k later, or the patch rows below) and the anchor's negatives; the
 * loss is the weighted sum of {@code -log softmax} of the positive's score.
 *
 * <p>Anchors are processed in chunks of at most {@value #CHUNK} through buffers allocated once:
 * ND4J spends far more time allocating (and the JavaCPP collector freeing) large fresh arrays than
 * computing in them. Rows are gathered with {@code pullRows} and gradients put back with
 * {@code scatter_add} (locked: unlocked, it races on repeated indices); SameDiff's {@code gather} has
 * no working gradient. The log-softmax is {@code x - max - log(sum(exp(x - max)))}, finite in float even when a
 * candidate trails the best score by more than ~104 (where log(softmax(x)) is -inf).
 */
public final class InfoNceLoss {

    /** Anchors per pass: bounds the {@code [chunk, steps, channels]} buffers (100 MB each at paper width). */
    static final int CHUNK = 4096;

    private final boolean targetsLearn;
    private final int rows;
    private final int contextChannels;
    private final int targetChannels;
    private final int steps;
    private final int negatives;
    private final int chunk;
    private final int paddedAnchors;
    private final InfoNceSampler sampler;
    private final INDArray predictor;
    private final Buffers buffers;

    public InfoNceLoss(int sequences, PredictionTargets layout, int contextChannels, int targetChannels,
                       InfoNceSettings settings, DataType dataType, INDArray predictor, long seed) {
        this(sequences, layout, contextChannels, targetChannels, settings, dataType, predictor, seed, true, CHUNK);
    }

    /**
     * @param targetsLearn false when the targets are a frozen input: their gradient is then neither
     *                     computed nor returned (null)
     */
    public InfoNceLoss(int sequences, PredictionTargets layout, int contextChannels, int targetChannels,
                       InfoNceSettings settings, DataType dataType, INDArray predictor, long seed, boolean targetsLearn) {
        this(sequences, layout, contextChannels, targetChannels, settings, dataType, predictor, seed, targetsLearn, CHUNK);
    }

    /** With at most {@code maxChunk} anchors per pass. */
    InfoNceLoss(int sequences, PredictionTargets layout, int contextChannels, int targetChannels, InfoNceSettings settings,
                DataType dataType, INDArray predictor, long seed, boolean targetsLearn, int maxChunk) {
        this.targetsLearn = targetsLearn;
        this.rows = sequences * layout.positions();
        this.contextChannels = contextChannels;
        this.targetChannels = targetChannels;
        this.steps = settings.predictionSteps();
        this.negatives = settings.negatives();
        this.sampler = new InfoNceSampler(sequences, layout, settings, seed);
        int anchors = sampler.anchors();
        int chunks = (anchors + maxChunk - 1) / maxChunk;
        for (int more = chunks; more <= 2 * chunks && more <= anchors; more++) {
            if (anchors % more == 0) { // whole chunks need no padding
                chunks = more;
                break;
            }
        }
        this.chunk = (anchors + chunks - 1) / chunks;
        this.paddedAnchors = chunk * chunks;
        this.predictor = predictor.castTo(dataType).dup('c');
        this.buffers = new Buffers(dataType);
    }

    /** Initial predictor for {@code steps} bias-free linear maps, PyTorch's nn.Linear initialisation. */
    public static INDArray initialPredictor(int contextChannels, int targetChannels, int steps, long seed, DataType dataType) {
        return ParameterInitializer.uniform(new SplittableRandom(seed), 1.0 / Math.sqrt(contextChannels), dataType,
                contextChannels, (long) steps * targetChannels);
    }

    /** The arrays one pass works in, allocated once for the chunk size. */
    private final class Buffers {
        final INDArray context;          // [chunk, Dc]
        final INDArray predictions;      // [chunk, steps·Dz]
        final INDArray positives;        // [chunk·steps, Dz]
        final INDArray negativeRows;     // [chunk·negatives, Dz]
        final INDArray work;             // [chunk·steps, Dz]
        final INDArray predictionGrad;   // [chunk, steps·Dz]
        final INDArray negativesGrad;    // [chunk·negatives, Dz]
        final INDArray contextGrad;      // [chunk, Dc]
        final INDArray logits;           // [chunk·steps, 1 + negatives]
        final INDArray probabilities;    // [chunk·steps, 1 + negatives]
        final INDArray negativeScoreGrad; // [chunk, steps, negatives]
        final INDArray negativeScores;   // [chunk, steps, negatives]
        final INDArray positiveScores;   // [chunk·steps, 1]
        final INDArray predictorGrad;    // [Dc, steps·Dz]
        final INDArray contextRowsGrad;  // [rows, Dc]
        final INDArray targetRowsGrad;   // [rows, Dz]

        Buffers(DataType t) {
            long cs = (long) chunk * steps;
            context = Nd4j.create(t, chunk, contextChannels);
            predictions = Nd4j.create(t, chunk, (long) steps * targetChannels);
            positives = Nd4j.create(t, cs, targetChannels);
            negativeRows = Nd4j.create(t, (long) chunk * negatives, targetChannels);
            work = Nd4j.create(t, cs, targetChannels);
            predictionGrad = Nd4j.create(t, chunk, (long) steps * targetChannels);
            negativesGrad = targetsLearn ? Nd4j.create(t, (long) chunk * negatives, targetChannels) : null;
            contextGrad = Nd4j.create(t, chunk, contextChannels);
            logits = Nd4j.create(t, cs, 1 + negatives);
            probabilities = Nd4j.create(t, cs, 1 + negatives);
            negativeScoreGrad = Nd4j.create(t, chunk, steps, negatives);
            negativeScores = Nd4j.create(t, chunk, steps, negatives);
            positiveScores = Nd4j.create(t, cs, 1);
            predictorGrad = Nd4j.create(t, contextChannels, (long) steps * targetChannels);
            contextRowsGrad = Nd4j.create(t, rows, contextChannels);
            targetRowsGrad = targetsLearn ? Nd4j.create(t, rows, targetChannels) : null;
        }
    }

    /**
     * @param contextRows {@code [rows, contextChannels]}
     * @param targetRows  {@code [rows, targetChannels]}; may be the same array as {@code contextRows}
     */
    public Result compute(INDArray contextRows, INDArray targetRows) {
        return compute(contextRows, targetRows, sampler.draw());
    }

    /**
     * The loss on a drawn {@code sample}. The gradients returned live in this loss's buffers: they are
     * valid until the next call.
     */
    public Result compute(INDArray contextRows, INDArray targetRows, InfoNceSampler.Sample sample) {
        if (contextRows.size(0) != rows || targetRows.size(0) != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows; got " + contextRows.size(0) + " and " + targetRows.size(0));
        }
        Buffers b = buffers;
        b.contextRowsGrad.assign(0);
        if (targetsLearn) {
            b.targetRowsGrad.assign(0);
        }
        Padded padded = pad(sample);
        boolean everyRowInOrder = paddedAnchors == rows && isIdentity(sample.anchorRows());
        double loss = 0;
        for (int start = 0; start < paddedAnchors; start += chunk) {
            loss += chunk(contextRows, targetRows, padded, start, start == 0, everyRowInOrder);
        }
        return new Result(loss, b.predictorGrad, b.contextRowsGrad, targetsLearn ? b.targetRowsGrad : null);
    }

    /** The sample's rows, padded with zero-weight anchors (row 0 against itself) to whole chunks. */
    private record Padded(int[] anchors, int[] positives, int[] negatives, double[] weights) {
    }

    private Padded pad(InfoNceSampler.Sample s) {
        return new Padded(Arrays.copyOf(s.anchorRows(), paddedAnchors), Arrays.copyOf(s.positiveRows(), paddedAnchors * steps),
                Arrays.copyOf(s.negativeRows(), paddedAnchors * negatives), Arrays.copyOf(s.weights(), paddedAnchors * steps));
    }

    private static boolean isIdentity(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loss of anchors {@code start .. start+chunk}; adds their gradients to the row and predictor
     * gradients. When every row is an anchor, in order, the chunk's context is a view of the rows and
     * its gradient is written straight into theirs.
     */
    private double chunk(INDArray contextRows, INDArray targetRows, Padded p, int start, boolean first, boolean everyRowInOrder) {
        Buffers b = buffers;
        long cs = (long) chunk * steps;
        int[] anchorRows = Arrays.copyOfRange(p.anchors(), start, start + chunk);
        int[] positiveRows = Arrays.copyOfRange(p.positives(), start * steps, (start + chunk) * steps);
        int[] negativeRows = Arrays.copyOfRange(p.negatives(), start * negatives, (start + chunk) * negatives);
        INDArray weights = Nd4j.create(Arrays.copyOfRange(p.weights(), start * steps, (start + chunk) * steps),
                new long[]{cs, 1}, 'c').castTo(b.logits.dataType());
        INDArray context = b.context;
        if (everyRowInOrder) {
            context = rowRange(contextRows, start);
        } else {
            Nd4j.pullRows(contextRows, b.context, 1, anchorRows);
        }
        Nd4j.pullRows(targetRows, b.positives, 1, positiveRows);
        Nd4j.pullRows(targetRows, b.negativeRows, 1, negativeRows);

        // scores: positive c·W_k·z_pos in column 0, negatives c·W_k·z_neg after it
        Nd4j.gemm(context, predictor, b.predictions, false, false, 1.0, 0.0);
        INDArray predictionRows = b.predictions.reshape(cs, targetChannels);
        INDArray predictions3 = b.predictions.reshape(chunk, steps, targetChannels);
        INDArray negatives3 = b.negativeRows.reshape(chunk, negatives, targetChannels);
        b.work.assign(b.positives).muli(predictionRows).sum(b.positiveScores.reshape(cs), 1);
        Nd4j.matmul(predictions3, negatives3, b.negativeScores, false, true, false);
        b.logits.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(b.positiveScores.reshape(cs));
        b.logits.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + negatives)).assign(b.negativeScores.reshape(cs, negatives));

        // log-softmax of the positive, from the max-shifted logits
        b.logits.subiColumnVector(b.logits.max(true, 1));
        Nd4j.exec(new Exp(b.logits, b.probabilities));
        INDArray sums = b.probabilities.sum(true, 1);
        INDArray logSums = Nd4j.exec(new Log(sums, sums.ulike()));
        INDArray positiveLogProbability = b.logits.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).sub(logSums);
        double loss = -positiveLogProbability.mul(weights).sumNumber().doubleValue();

        // d loss / d logits = w · (softmax - onehot(positive))
        INDArray logitGrad = b.probabilities.diviColumnVector(sums).muliColumnVector(weights);
        logitGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).subi(weights);
        INDArray positiveScoreGrad = logitGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).dup();
        b.negativeScoreGrad.reshape(cs, negatives).assign(logitGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + negatives)));

        if (targetsLearn) {
            // positives' gradient: dscore_pos · prediction
            b.work.assign(predictionRows).muliColumnVector(positiveScoreGrad);
            scatterAdd(b.targetRowsGrad, positiveRows, b.work);
            // negatives' gradient: dscore_negᵀ · predictions, per anchor
            Nd4j.matmul(b.negativeScoreGrad, predictions3, b.negativesGrad.reshape(chunk, negatives, targetChannels), true, false, false);
            scatterAdd(b.targetRowsGrad, negativeRows, b.negativesGrad);
        }
        // predictions' gradient: dscore_pos · z_pos + dscore_neg · z_neg
        INDArray predictionGradRows = b.predictionGrad.reshape(cs, targetChannels);
        predictionGradRows.assign(b.positives).muliColumnVector(positiveScoreGrad);
        Nd4j.matmul(b.negativeScoreGrad, negatives3, b.work.reshape(chunk, steps, targetChannels), false, false, false);
        predictionGradRows.addi(b.work);

        Nd4j.gemm(context, b.predictionGrad, b.predictorGrad, true, false, 1.0, first ? 0.0 : 1.0);
        if (everyRowInOrder) {
            Nd4j.gemm(b.predictionGrad, predictor, rowRange(b.contextRowsGrad, start), false, true, 1.0, 0.0);
        } else {
            Nd4j.gemm(b.predictionGrad, predictor, b.contextGrad, false, true, 1.0, 0.0);
            scatterAdd(b.contextRowsGrad, anchorRows, b.contextGrad);
        }
        return loss;
    }

    private INDArray rowRange(INDArray matrix, int start) {
        return matrix.get(NDArrayIndex.interval(start, start + chunk), NDArrayIndex.all());
    }

    /**
     * {@code target[indices[i]] += updates[i]}, in place. libnd4j's {@code scatter_add} races on repeated
     * indices when it runs on several threads (rows come out short); its lock argument makes it
     * accumulate exactly.
     */
    static void scatterAdd(INDArray target, int[] indices, INDArray updates) {
        Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(target, Nd4j.createFromArray(indices), updates)
                .addOutputs(target).addBooleanArguments(true).build());
    }

    /** Where this loss draws its anchors and negatives from. */
    public InfoNceSampler sampler() {
        return sampler;
    }

    /** The live predictor, W_1..W_K side by side ({@code [Dc, steps · Dz]}). */
    public INDArray predictor() {
        return predictor;
    }

    /**
     * @param contextGradient {@code [rows, contextChannels]}
     * @param targetGradient  {@code [rows, targetChannels]}, to add to whatever produced the targets (null when they do not learn)
     */
    public record Result(double loss, INDArray predictorGradient, INDArray contextGradient, INDArray targetGradient) {
    }
}
