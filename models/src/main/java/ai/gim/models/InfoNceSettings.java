package ai.gim.models;

/**
 * The contrastive loss every module trains with: predict {@code predictionSteps} future frames from
 * the context, each against {@code negatives} frames drawn from the whole batch.
 *
 * @param anchorsPerBatch how many anchor frames of a batch the loss is evaluated on, drawn afresh each
 *                        step without replacement; 0 evaluates every frame, as the original work does.
 *                        A subset is an unbiased estimate of the same loss at a fraction of the cost.
 */
public record InfoNceSettings(int predictionSteps, int negatives, int anchorsPerBatch) {

    public InfoNceSettings {
        if (predictionSteps < 1 || negatives < 1 || anchorsPerBatch < 0) {
            throw new IllegalArgumentException("InfoNCE needs predictionSteps>=1, negatives>=1 and anchorsPerBatch>=0; got "
                    + predictionSteps + ", " + negatives + " and " + anchorsPerBatch);
        }
    }
}
