package ai.gim.compiler.graph;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * The InfoNCE loss of one module as its own SameDiff graph (DESIGN.md §3). For every anchor row r
 * (one frame of one sequence) and step k, the prediction {@code c_r · W_k} is scored against the
 * positive (the target frame k steps later) and the anchor's negatives; the loss is the masked mean
 * of {@code -log softmax} of the positive, averaged over steps.
 *
 * <p>Placeholders (rows = batch × frames): {@code context [rows, Dc]}, {@code positives
 * [rows, steps, Dz]}, {@code negatives [rows, negatives, Dz]}, {@code weights [rows, steps]}
 * (each valid (row, step) weighted 1/(steps·validRows(step)), invalid ones 0). Candidates are
 * gathered outside the graph (SameDiff's gather has no working gradient); their gradients come back
 * so the caller can scatter them onto the targets.
 */
public final class InfoNceHead {

    public static final String CONTEXT = "context";
    public static final String POSITIVES = "positives";
    public static final String NEGATIVES = "negatives";
    public static final String WEIGHTS = "weights";
    public static final String PREDICTOR = "predictor";
    public static final String LOSS = "loss";

    private final SameDiff sd;

    private InfoNceHead(SameDiff sd) {
        this.sd = sd;
    }

    /**
     * @param predictor initial {@code [contextChannels, steps * targetChannels]}: W_1..W_K side by side, bias-free
     */
    public static InfoNceHead build(int rows, int contextChannels, int targetChannels, int steps, int negatives,
                                    DataType dataType, INDArray predictor) {
        SameDiff sd = SameDiff.create();
        SDVariable context = sd.placeHolder(CONTEXT, dataType, rows, contextChannels);
        SDVariable positives = sd.placeHolder(POSITIVES, dataType, rows, steps, targetChannels);
        SDVariable negativeFrames = sd.placeHolder(NEGATIVES, dataType, rows, negatives, targetChannels);
        SDVariable weights = sd.placeHolder(WEIGHTS, dataType, rows, steps);
        SDVariable w = sd.var(PREDICTOR, predictor.dup());

        SDVariable predictions = sd.reshape(context.mmul(w), rows, steps, targetChannels);
        SDVariable positiveScores = sd.reshape(predictions.mul(positives).sum(2), rows, steps, 1);
        SDVariable negativeScores = sd.permute(negativeFrames.mmul(sd.permute(predictions, 0, 2, 1)), 0, 2, 1); // [rows, steps, negatives]
        SDVariable logits = sd.reshape(sd.concat(2, positiveScores, negativeScores), (long) rows * steps, 1 + negatives);
        // log-softmax from primitives, as x - max - log(sum(exp(x - max))): every term stays finite.
        // SameDiff's logSoftmax computes log(softmax(x)) in float, which is -inf once a candidate
        // trails the best by ~104, and -inf times the zero weights below is NaN.
        SDVariable shifted = logits.sub(logits.max(true, 1));
        SDVariable logProbabilities = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
        SDVariable positiveColumn = sd.constant(Nd4j.zeros(dataType, 1 + negatives, 1).putScalar(0, 0, 1.0));
        SDVariable positiveLogProbability = sd.reshape(logProbabilities.mmul(positiveColumn), rows, steps);
        sd.identity(LOSS, positiveLogProbability.mul(weights).sum().neg());
        sd.setLossVariables(LOSS);
        QuietGradientBuild.createGradients(sd);
        return new InfoNceHead(sd);
    }

    /** Loss value and gradients with respect to the predictor, the context and the candidates. */
    public Result lossAndGradients(INDArray context, INDArray positives, INDArray negatives, INDArray weights) {
        OutAndGrad result = sd.calculateGradientsAndOutputs(
                Map.of(CONTEXT, context, POSITIVES, positives, NEGATIVES, negatives, WEIGHTS, weights),
                List.of(LOSS), List.of(PREDICTOR, CONTEXT, POSITIVES, NEGATIVES));
        Map<String, INDArray> g = result.getGradients();
        return new Result(result.getOutputs().get(LOSS).getDouble(0), g.get(PREDICTOR), g.get(CONTEXT),
                g.get(POSITIVES), g.get(NEGATIVES));
    }

    public double loss(INDArray context, INDArray positives, INDArray negatives, INDArray weights) {
        return sd.output(Map.of(CONTEXT, context, POSITIVES, positives, NEGATIVES, negatives, WEIGHTS, weights), LOSS)
                .get(LOSS).getDouble(0);
    }

    /** The live predictor array. */
    public INDArray predictor() {
        return sd.getVariable(PREDICTOR).getArr();
    }

    public record Result(double loss, INDArray predictorGradient, INDArray contextGradient,
                         INDArray positivesGradient, INDArray negativesGradient) {
    }
}
