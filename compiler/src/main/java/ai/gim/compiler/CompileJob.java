package ai.gim.compiler;

import ai.gim.compiler.export.ArtifactWriter;
import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.ParameterInitializer;
import ai.gim.compiler.train.AudioStack;
import ai.gim.compiler.train.Checkpoint;
import ai.gim.compiler.train.GreedyTraining;
import ai.gim.compiler.train.LossLog;
import ai.gim.compiler.train.ModuleTrainer;
import ai.gim.data.audio.LibriSpeechCorpus;
import ai.gim.data.audio.WindowSampler;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.AudioEncoderSpec;
import ai.gim.models.AudioPreset;
import ai.gim.models.InvalidInputException;
import ai.gim.models.ManifestJson;
import ai.gim.models.ModuleSpec;
import ai.gim.runtime.Device;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Trains an audio GIM stack greedily and compiles it to an artifact directory. */
public final class CompileJob {

    private static final Logger LOG = Logger.getLogger(CompileJob.class.getName());
    private static final int PARITY_WINDOWS = 2;

    private final CompileOptions options;

    public CompileJob(CompileOptions options) {
        this.options = options;
    }

    public ArtifactManifest run() {
        if (!"audio".equals(options.modality())) {
            throw new InvalidInputException("--modality is '" + options.modality() + "'; this build trains audio");
        }
        AudioPreset preset = AudioPreset.of(options.preset());
        AudioEncoderSpec spec = preset.spec();
        List<ModuleSpec> modules = cut(spec);
        List<Integer> trained = trainedModules(modules.size());
        validateInit();
        if (options.steps() < 0 || options.batchSize() < 1 || options.learningRate() <= 0) {
            throw new InvalidInputException("--steps must be >= 0, --batch-size >= 1 and --lr > 0; got "
                    + options.steps() + ", " + options.batchSize() + ", " + options.learningRate());
        }
        LibriSpeechCorpus corpus = LibriSpeechCorpus.open(options.data());

        AudioStack stack = AudioStack.build(modules, spec.windowSamples(), k -> initialParameters(modules.get(k)));
        Map<Integer, ModuleTrainer> trainers = new LinkedHashMap<>();
        for (int k : trained) {
            ModuleSpec m = modules.get(k);
            trainers.put(k, new ModuleTrainer(stack.graph(k), options.batchSize(), spec.infoNce(),
                    initialPredictor(m, spec), options.learningRate(), options.seed() + 101L * k));
        }
        WindowSampler sampler = new WindowSampler(corpus, corpus.train(), spec.windowSamples(),
                LibriSpeechCorpus.SAMPLES_PER_LABEL, options.seed());
        Runnable checkpoint = () -> Checkpoint.write(options.out(), parametersOf(stack), predictorsOf(stack, trainers, spec));

        long start = System.nanoTime();
        GreedyTraining training = new GreedyTraining(stack, trainers);
        LossLog log = training.run(sampler, options.batchSize(), options.steps(), options.checkpointEvery(), options.out(), checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (options.steps() > 0) {
            LOG.info(String.format(java.util.Locale.ROOT, "trained %d steps in %.1f s (%.2f steps/s)",
                    options.steps(), seconds, options.steps() / seconds));
        }
        checkpoint.run();
        log.write(options.out().resolve("training"));

        float[] window = new float[PARITY_WINDOWS * spec.windowSamples()];
        new WindowSampler(corpus, corpus.test(), spec.windowSamples(), LibriSpeechCorpus.SAMPLES_PER_LABEL, options.seed() + 1)
                .next(window);
        INDArray parityWindow = Nd4j.create(window, new long[]{PARITY_WINDOWS, 1, spec.windowSamples()}, 'c');
        ArtifactManifest.Provenance provenance = new ArtifactManifest.Provenance(
                options.data().toAbsolutePath().toString(), options.steps(), options.seed(), options.batchSize(),
                options.learningRate(), trained, options.init() == null ? null : options.init().toAbsolutePath().toString(),
                log.recentMeans(20), BuildInfo.libraries(), Instant.now().toString());
        return ArtifactWriter.write(options.out(), preset.id(), options.modelSplits(), spec, stack, parityWindow, provenance,
                Device.of(options.device()));
    }

    private List<ModuleSpec> cut(AudioEncoderSpec spec) {
        try {
            return spec.cut(options.modelSplits());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--model-splits: " + e.getMessage());
        }
    }

    private List<Integer> trainedModules(int count) {
        if (options.trainModule() == null) {
            List<Integer> all = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                all.add(k);
            }
            return all;
        }
        int k = options.trainModule();
        if (k < 0 || k >= count) {
            throw new InvalidInputException("--train-module is " + k + "; this cut has modules 0.." + (count - 1));
        }
        if (k > 0 && options.init() == null) {
            throw new InvalidInputException("--train-module " + k + " needs --init DIR: the frozen modules below it come from an earlier artifact");
        }
        return List.of(k);
    }

    private void validateInit() {
        if (options.init() == null) {
            return;
        }
        ArtifactManifest init = ManifestJson.read(options.init());
        if (!init.preset().equals(options.preset()) || init.modelSplits() != options.modelSplits()) {
            throw new InvalidInputException(options.init().resolve(ArtifactManifest.FILE_NAME) + ": preset " + init.preset()
                    + " with " + init.modelSplits() + " splits; expected preset " + options.preset() + " with "
                    + options.modelSplits() + " splits");
        }
    }

    private Map<String, INDArray> initialParameters(ModuleSpec module) {
        Map<String, INDArray> fresh = ParameterInitializer.initialise(module, options.seed(), DataType.FLOAT);
        if (options.init() == null) {
            return fresh;
        }
        Map<String, INDArray> loaded = Checkpoint.readModule(options.init(), module.index(), List.copyOf(fresh.keySet()));
        loaded.replaceAll((name, value) -> value.castTo(DataType.FLOAT));
        return loaded;
    }

    private INDArray initialPredictor(ModuleSpec module, AudioEncoderSpec spec) {
        INDArray loaded = options.init() == null ? null : Checkpoint.readPredictor(options.init(), module.index());
        if (loaded != null) {
            return loaded.castTo(DataType.FLOAT);
        }
        return InfoNceLoss.initialPredictor(module.outputChannels(), module.encoderChannels(),
                spec.infoNce().predictionSteps(), options.seed() + 7919L * (module.index() + 1), DataType.FLOAT);
    }

    private static List<Map<String, INDArray>> parametersOf(AudioStack stack) {
        return stack.graphs().stream().map(g -> g.parameters()).toList();
    }

    private List<INDArray> predictorsOf(AudioStack stack, Map<Integer, ModuleTrainer> trainers, AudioEncoderSpec spec) {
        List<INDArray> predictors = new ArrayList<>();
        for (int k = 0; k < stack.size(); k++) {
            ModuleTrainer t = trainers.get(k);
            predictors.add(t != null ? t.predictor()
                    : options.init() == null ? null : Checkpoint.readPredictor(options.init(), k));
        }
        return predictors;
    }

}
