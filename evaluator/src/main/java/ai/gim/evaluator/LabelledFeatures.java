package ai.gim.evaluator;

import java.util.ArrayList;
import java.util.List;

/** Feature vectors of one module with their labels, built up example by example. */
public final class LabelledFeatures {

    private final List<float[]> features = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    public void add(float[] vector, String label) {
        features.add(vector);
        labels.add(label);
    }

    public int size() {
        return features.size();
    }

    public float[] features(int i) {
        return features.get(i);
    }

    public String label(int i) {
        return labels.get(i);
    }

    public int dimension() {
        return features.isEmpty() ? 0 : features.get(0).length;
    }
}
