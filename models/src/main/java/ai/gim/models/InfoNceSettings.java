package ai.gim.models;

/**
 * The contrastive loss every module trains with: predict {@code predictionSteps} future frames from
 * the context, each against {@code negatives} frames drawn from the whole batch.
 */
public record InfoNceSettings(int predictionSteps, int negatives) {

    public InfoNceSettings {
        if (predictionSteps < 1 || negatives < 1) {
            throw new IllegalArgumentException("InfoNCE needs predictionSteps>=1 and negatives>=1; got "
                    + predictionSteps + " and " + negatives);
        }
    }
}
