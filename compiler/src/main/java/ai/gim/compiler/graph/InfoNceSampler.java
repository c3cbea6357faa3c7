package ai.gim.compiler.graph;

import ai.gim.models.InfoNceSettings;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws the rows one batch's InfoNCE terms read: the anchors (every row, or
 * {@link InfoNceSettings#anchorsPerBatch()} drawn without replacement), each anchor's positives
 * ({@link PredictionTargets}) and its negatives (rows drawn uniformly from the whole batch), with the
 * weight of each (anchor, step) term.
 */
public final class InfoNceSampler {

    private final int rows;
    private final PredictionTargets layout;
    private final int steps;
    private final int negatives;
    private final int anchors;
    private final int usableSteps;
    private final SplittableRandom random;

    public InfoNceSampler(int sequences, PredictionTargets layout, InfoNceSettings settings, long seed) {
        this.rows = sequences * layout.positions();
        this.layout = layout;
        this.steps = settings.predictionSteps();
        this.negatives = settings.negatives();
        this.anchors = settings.anchorsPerBatch() == 0 ? rows : Math.min(settings.anchorsPerBatch(), rows);
        int usable = 0;
        for (int k = 1; k <= steps; k++) {
            usable += layout.target(0, k) >= 0 ? 1 : 0;
        }
        this.usableSteps = usable;
        if (usableSteps < 1) {
            throw new IllegalArgumentException("InfoNCE has no positive for any step: " + layout);
        }
        this.random = new SplittableRandom(seed);
    }

    /**
     * Per anchor a: its {@code steps} positives at {@code positiveRows[a·steps + k-1]}, its negatives at
     * {@code negativeRows[a·negatives ..]}, and {@code weights[a·steps + k-1]} = 1/(usable steps · anchors
     * valid at step k), 0 where step k has no positive (the positive then points at the anchor itself).
     */
    public record Sample(int[] anchorRows, int[] positiveRows, int[] negativeRows, double[] weights) {
    }

    public Sample draw() {
        return sample(drawAnchors(), random.ints((long) anchors * negatives, 0, rows).toArray());
    }

    /** The sample of the given anchor rows {@code [anchors]} and negative rows {@code [anchors · negatives]}. */
    public Sample sample(int[] anchorRows, int[] negativeRows) {
        int[] positiveRows = new int[anchors * steps];
        double[] weights = new double[anchors * steps];
        int[] validPerStep = new int[steps];
        for (int a = 0; a < anchors; a++) {
            int position = anchorRows[a] % layout.positions();
            for (int k = 1; k <= steps; k++) {
                int target = layout.target(position, k);
                boolean valid = target >= 0;
                positiveRows[a * steps + k - 1] = valid ? anchorRows[a] - position + target : anchorRows[a];
                weights[a * steps + k - 1] = valid ? 1 : 0;
                validPerStep[k - 1] += valid ? 1 : 0;
            }
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= (double) usableSteps * Math.max(1, validPerStep[i % steps]);
        }
        return new Sample(anchorRows, positiveRows, negativeRows, weights);
    }

    /** All rows in order, or a uniform sample without replacement (partial Fisher-Yates). */
    private int[] drawAnchors() {
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
        return Arrays.copyOf(all, anchors);
    }

    public int anchors() {
        return anchors;
    }
}
