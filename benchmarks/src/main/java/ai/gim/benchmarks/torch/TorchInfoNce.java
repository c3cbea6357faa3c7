package ai.gim.benchmarks.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.gim.compiler.graph.InfoNceSampler;

/**
 * The InfoNCE loss of {@link ai.gim.compiler.graph.InfoNceLoss} written in libtorch, on the rows an
 * {@link InfoNceSampler} drew: for anchor a and step k, {@code -log softmax} of the positive's score
 * {@code c_a · W_k · z_pos} among the negatives' scores, weighted and summed. libtorch differentiates
 * through the row gathers itself.
 */
public final class TorchInfoNce {

    private final int steps;
    private final int negatives;

    public TorchInfoNce(int steps, int negatives) {
        this.steps = steps;
        this.negatives = negatives;
    }

    /**
     * @param contextRows {@code [rows, Dc]}
     * @param targetRows  {@code [rows, Dz]}
     * @param predictor   {@code [Dc, steps · Dz]}
     */
    public NDArray loss(NDArray contextRows, NDArray targetRows, NDArray predictor, InfoNceSampler.Sample sample) {
        NDManager m = contextRows.getManager();
        int anchors = sample.anchorRows().length;
        long dz = targetRows.getShape().get(1);
        NDArray context = contextRows.get(indices(m, sample.anchorRows()));
        NDArray predictions = context.matMul(predictor).reshape(anchors, steps, dz);
        NDArray positives = targetRows.get(indices(m, sample.positiveRows())).reshape(anchors, steps, dz);
        NDArray negativeRows = targetRows.get(indices(m, sample.negativeRows())).reshape(anchors, negatives, dz);
        NDArray positiveScores = predictions.mul(positives).sum(new int[]{2}, true);              // [A, steps, 1]
        NDArray negativeScores = predictions.batchMatMul(negativeRows.transpose(0, 2, 1));         // [A, steps, N]
        NDArray logProbabilities = positiveScores.concat(negativeScores, 2).logSoftmax(2);
        NDArray positiveLogProbability = logProbabilities.get(":, :, 0");                         // [A, steps]
        float[] weights = new float[sample.weights().length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) sample.weights()[i];
        }
        return positiveLogProbability.mul(m.create(weights, new Shape(anchors, steps))).sum().neg();
    }

    private static NDArray indices(NDManager m, int[] rows) {
        long[] asLong = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            asLong[i] = rows[i];
        }
        return m.create(asLong);
    }
}
