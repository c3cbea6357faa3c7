package ai.gim.evaluator;

import ai.gim.data.audio.LibriSpeechCorpus;
import ai.gim.data.audio.Utterance;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.InvalidInputException;
import ai.gim.runtime.FloatTensor;
import ai.gim.runtime.ModuleChain;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Features of every module of a chain for the two audio probes: one vector per training window
 * (speaker), and one vector per 10 ms frame of whole utterances aligned to CPC's phone labels (phone).
 */
public final class AudioFeatures {

    private static final int WINDOW_BATCH = 8;

    private final ModuleChain chain;
    private final ArtifactManifest manifest;
    private final LibriSpeechCorpus corpus;

    public AudioFeatures(ModuleChain chain, ArtifactManifest manifest, LibriSpeechCorpus corpus) {
        this.chain = chain;
        this.manifest = manifest;
        this.corpus = corpus;
    }

    /** Per module: the mean over time of each non-overlapping training-length window, labelled with its speaker. */
    public List<LabelledFeatures> speakerWindows(List<Utterance> utterances, String splitName) {
        int window = manifest.audio().windowSamples();
        List<LabelledFeatures> features = perModule();
        float[] batch = new float[WINDOW_BATCH * window];
        List<String> labels = new ArrayList<>();
        try (ProgressBar bar = progress("speaker " + splitName, utterances.size())) {
            for (Utterance u : utterances) {
                float[] audio = corpus.audio(u);
                for (int start = 0; start + window <= audio.length; start += window) {
                    System.arraycopy(audio, start, batch, labels.size() * window, window);
                    labels.add(u.speaker());
                    if (labels.size() == WINDOW_BATCH) {
                        addWindowMeans(batch, labels, features);
                    }
                }
                bar.step();
            }
            if (!labels.isEmpty()) {
                addWindowMeans(java.util.Arrays.copyOf(batch, labels.size() * window), labels, features);
            }
        }
        if (features.get(0).size() == 0) {
            throw new InvalidInputException(corpus.audioRoot() + ": no utterance of the " + splitName
                    + " split is as long as one " + window + "-sample window");
        }
        return features;
    }

    private void addWindowMeans(float[] batch, List<String> labels, List<LabelledFeatures> features) {
        int window = manifest.audio().windowSamples();
        List<FloatTensor> outputs = chain.runAll(new FloatTensor(batch, new long[]{labels.size(), 1, window}));
        for (int k = 0; k < outputs.size(); k++) {
            FloatTensor out = outputs.get(k);
            for (int b = 0; b < labels.size(); b++) {
                features.get(k).add(FramePooling.meanOverTime(out.data(), b, (int) out.dim(1), (int) out.dim(2)), labels.get(b));
            }
        }
        labels.clear();
    }

    /**
     * Per module: every 10 ms frame of every utterance (modules faster than 10 ms average-pooled to it),
     * labelled with its phone; features past the end of the labels are dropped. At most
     * {@code maxFrames} frames are kept, drawn uniformly with a fixed seed.
     */
    public List<LabelledFeatures> phoneFrames(List<Utterance> utterances, String splitName, int maxFrames, long seed) {
        Map<String, int[]> alignments = corpus.alignments(utterances, splitName);
        long total = alignments.values().stream().mapToLong(a -> a.length).sum();
        double keep = Math.min(1.0, (double) maxFrames / Math.max(total, 1));
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledFeatures> features = perModule();
        try (ProgressBar bar = progress("phone " + splitName, utterances.size())) {
            for (Utterance u : utterances) {
                float[] audio = corpus.audio(u);
                int[] phones = alignments.get(u.id());
                List<FloatTensor> outputs = chain.runAll(new FloatTensor(audio, new long[]{1, 1, audio.length}));
                boolean[] kept = new boolean[phones.length];
                for (int f = 0; f < kept.length; f++) {
                    kept[f] = keep >= 1.0 || random.nextDouble() < keep;
                }
                for (int k = 0; k < outputs.size(); k++) {
                    FloatTensor out = outputs.get(k);
                    int factor = framesPer10ms(k);
                    float[][] frames = FramePooling.averageFrames(out.data(), (int) out.dim(1), (int) out.dim(2), factor);
                    int n = Math.min(frames.length, phones.length);
                    for (int f = 0; f < n; f++) {
                        if (kept[f]) {
                            features.get(k).add(frames[f], String.valueOf(phones[f]));
                        }
                    }
                }
                bar.step();
            }
        }
        return features;
    }

    private int framesPer10ms(int module) {
        int downsampling = manifest.modules().get(module).downsampling();
        if (LibriSpeechCorpus.SAMPLES_PER_LABEL % downsampling != 0) {
            throw new InvalidInputException("module " + module + " has one frame per " + downsampling
                    + " samples, which does not divide the 160-sample (10 ms) label rate");
        }
        return LibriSpeechCorpus.SAMPLES_PER_LABEL / downsampling;
    }

    private List<LabelledFeatures> perModule() {
        List<LabelledFeatures> features = new ArrayList<>();
        for (int k = 0; k < chain.depth(); k++) {
            features.add(new LabelledFeatures());
        }
        return features;
    }

    private static ProgressBar progress(String task, int max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .showSpeed().setUnit(" utt", 1).setUpdateIntervalMillis(500).build();
    }
}
