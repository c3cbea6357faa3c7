package ai.gim.evaluator;

import ai.gim.data.audio.LibriSpeechCorpus;
import ai.gim.data.image.ImageSplits;
import ai.gim.models.InvalidInputException;
import ai.gim.runtime.Artifact;
import ai.gim.runtime.Device;
import ai.gim.runtime.ModuleChain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Probes each requested module of an artifact on a speaker or phone task and writes the report. */
public final class EvalJob {

    /** Phone frames kept from the train split: Tribuo holds ~10 KB per example. */
    static final int MAX_PHONE_TRAIN_FRAMES = 60_000;

    /**
     * @param dataset  image task: stl10, idx, folder or auto
     * @param maxTrain image task: at most this many labelled train images for the probe
     */
    public record Options(Path artifact, Path data, String task, Path out, String modules, String device, int epochs, long seed,
                          String dataset, int maxTrain) {
    }

    private final Options options;

    public EvalJob(Options options) {
        this.options = options;
    }

    public ProbeReport run() {
        if (!List.of("speaker", "phone", "image").contains(options.task())) {
            throw new InvalidInputException("--task is '" + options.task() + "'; expected speaker, phone or image");
        }
        Artifact artifact = Artifact.open(options.artifact());
        List<Integer> probed = modules(artifact.moduleCount());
        int depth = probed.get(probed.size() - 1) + 1;
        List<LabelledFeatures> train;
        List<LabelledFeatures> test;
        LinearProbe probe = new LinearProbe(options.epochs(), options.seed());
        Double pixelAccuracy = null;
        if (options.task().equals("image")) {
            artifact.requireModality("vision");
            ImageSplits splits = ImageSplits.open(options.data(), options.dataset());
            try (ModuleChain chain = ModuleChain.open(artifact, depth, Device.of(options.device()))) {
                ImageFeatures features = new ImageFeatures(chain, artifact.manifest());
                train = features.extract(splits.train(), "train", options.maxTrain());
                test = features.extract(splits.test(), "test", Integer.MAX_VALUE);
                pixelAccuracy = probe.fitAndTest(features.pixels(splits.train(), options.maxTrain()),
                        features.pixels(splits.test(), Integer.MAX_VALUE)).accuracy();
                System.out.printf(Locale.ROOT, "image probe on raw pixels: %.1f %%%n", 100 * pixelAccuracy);
            }
        } else {
            artifact.requireModality("audio");
            LibriSpeechCorpus corpus = LibriSpeechCorpus.open(options.data());
            try (ModuleChain chain = ModuleChain.open(artifact, depth, Device.of(options.device()))) {
                AudioFeatures features = new AudioFeatures(chain, artifact.manifest(), corpus);
                if (options.task().equals("speaker")) {
                    train = features.speakerWindows(corpus.train(), LibriSpeechCorpus.TRAIN_SPLIT);
                    test = features.speakerWindows(corpus.test(), LibriSpeechCorpus.TEST_SPLIT);
                } else {
                    train = features.phoneFrames(corpus.train(), LibriSpeechCorpus.TRAIN_SPLIT, MAX_PHONE_TRAIN_FRAMES, options.seed());
                    test = features.phoneFrames(corpus.test(), LibriSpeechCorpus.TEST_SPLIT, Integer.MAX_VALUE, options.seed());
                }
            }
        }
        List<ProbeReport.ModuleResult> results = new ArrayList<>();
        for (int k : probed) {
            LinearProbe.Outcome o = probe.fitAndTest(train.get(k), test.get(k));
            System.out.printf(Locale.ROOT, "%s probe, module %d: %.1f %% (%d train, %d test)%n", options.task(), k,
                    100 * o.accuracy(), train.get(k).size(), test.get(k).size());
            results.add(new ProbeReport.ModuleResult(k, o.accuracy(), train.get(k).size(), test.get(k).size(),
                    train.get(k).dimension(), o.majorityBaseline()));
        }
        Set<String> classes = new HashSet<>();
        for (int i = 0; i < train.get(0).size(); i++) {
            classes.add(train.get(0).label(i));
        }
        ProbeReport report = new ProbeReport(options.task(), options.artifact().getFileName().toString(),
                artifact.manifest().preset(), artifact.manifest().training().steps(), classes.size(), results, pixelAccuracy);
        report.write(options.out());
        return report;
    }

    private List<Integer> modules(int count) {
        if (options.modules().equals("all")) {
            List<Integer> all = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                all.add(k);
            }
            return all;
        }
        try {
            int k = Integer.parseInt(options.modules());
            if (k < 0 || k >= count) {
                throw new InvalidInputException("--modules is " + k + "; the artifact has modules 0.." + (count - 1));
            }
            return List.of(k);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--modules is '" + options.modules() + "'; expected all or a module index");
        }
    }
}
