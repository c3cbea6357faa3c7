package ai.gim.benchmarks;

import ai.gim.evaluator.LabelledFeatures;
import ai.gim.evaluator.LinearProbe;

import java.util.SplittableRandom;

/**
 * The evaluator's Tribuo probe on synthetic features: {@code examples × dimension} vectors around one
 * random centre per class (learnable, so the optimiser does real work), standardised into a dataset,
 * then fitted.
 */
public final class ProbeFit {

    private final LabelledFeatures features = new LabelledFeatures();
    private final LinearProbe probe;

    public ProbeFit(int examples, int dimension, int classes, int epochs) {
        SplittableRandom random = new SplittableRandom(5);
        float[][] centres = new float[classes][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        for (int i = 0; i < examples; i++) {
            int label = random.nextInt(classes);
            float[] x = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                x[j] = centres[label][j] + 2f * (float) random.nextGaussian();
            }
            features.add(x, "class" + label);
        }
        this.probe = new LinearProbe(epochs, 1);
    }

    /** Standardisation and the Tribuo dataset, without the fit. */
    public Workload buildDataset() {
        return () -> probe.prepare(features);
    }

    public Workload fit() {
        LinearProbe.TrainingSet set = probe.prepare(features);
        return () -> probe.fit(set);
    }
}
