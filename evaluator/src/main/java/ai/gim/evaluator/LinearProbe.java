package ai.gim.evaluator;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Dataset;
import org.tribuo.ImmutableDataset;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * A multinomial logistic-regression probe (Tribuo's {@link LinearSGDTrainer}) on standardised
 * features: fit on the train split, accuracy on the test split. Standardising with the train split's
 * mean and deviation keeps one optimiser setting fair to every module's scale.
 */
public final class LinearProbe {

    private final int epochs;
    private final long seed;

    public LinearProbe(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    public record Outcome(double accuracy, double majorityBaseline) {
    }

    public Outcome fitAndTest(LabelledFeatures train, LabelledFeatures test) {
        TrainingSet set = prepare(train);
        Model<Label> model = fit(set);
        List<Example<Label>> examples = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            examples.add(example(test.features(i), test.label(i), set.names, set.mean, set.std));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        int correct = 0;
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).getOutput().getLabel().equals(test.label(i))) {
                correct++;
            }
        }
        return new Outcome((double) correct / test.size(), majority(train, test));
    }

    /** The train split standardised into a Tribuo dataset, with the mean and deviation used. */
    public static final class TrainingSet {
        private final Dataset<Label> dataset;
        private final String[] names;
        private final double[] mean;
        private final double[] std;

        private TrainingSet(Dataset<Label> dataset, String[] names, double[] mean, double[] std) {
            this.dataset = dataset;
            this.names = names;
            this.mean = mean;
            this.std = std;
        }

        public int size() {
            return dataset.size();
        }
    }

    public TrainingSet prepare(LabelledFeatures train) {
        int d = train.dimension();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.features(i);
            for (int j = 0; j < d; j++) {
                mean[j] += x[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= train.size();
        }
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.features(i);
            for (int j = 0; j < d; j++) {
                std[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / train.size()) + 1e-6;
        }
        String[] names = new String[d];
        for (int j = 0; j < d; j++) {
            names[j] = String.format("f%05d", j); // zero-padded: Tribuo sorts feature names lexicographically
        }
        // A feature map that turns a feature with more than 50 distinct values into a real-valued one:
        // MutableDataset's default map keeps a count of every distinct value of every feature.
        LabelFactory factory = new LabelFactory();
        MutableFeatureMap featureMap = new MutableFeatureMap(true);
        MutableOutputInfo<Label> labels = factory.generateInfo();
        List<Example<Label>> examples = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            double[] values = standardised(train.features(i), mean, std);
            for (int j = 0; j < d; j++) {
                featureMap.add(names[j], values[j]);
            }
            Label label = new Label(train.label(i));
            labels.observe(label);
            examples.add(new ArrayExample<>(label, names, values));
        }
        Dataset<Label> dataset = new ImmutableDataset<>(examples, new SimpleDataSourceProvenance("gim module features", factory),
                factory, featureMap, labels, false);
        return new TrainingSet(dataset, names, mean, std);
    }

    public Model<Label> fit(TrainingSet set) {
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs,
                Integer.MAX_VALUE, 1, seed);
        return trainer.train(set.dataset);
    }

    private static ArrayExample<Label> example(float[] x, String label, String[] names, double[] mean, double[] std) {
        return new ArrayExample<>(new Label(label), names, standardised(x, mean, std));
    }

    private static double[] standardised(float[] x, double[] mean, double[] std) {
        double[] values = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            values[j] = (x[j] - mean[j]) / std[j];
        }
        return values;
    }

    /** Test accuracy of always answering the train split's most frequent label. */
    private static double majority(LabelledFeatures train, LabelledFeatures test) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            counts.merge(train.label(i), 1, Integer::sum);
        }
        String top = counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        int hits = 0;
        for (int i = 0; i < test.size(); i++) {
            hits += test.label(i).equals(top) ? 1 : 0;
        }
        return (double) hits / test.size();
    }
}
