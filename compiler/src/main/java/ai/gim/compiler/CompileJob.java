package ai.gim.compiler;

import ai.gim.compiler.export.ArtifactWriter;
import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.ParameterInitializer;
import ai.gim.compiler.graph.TrainableModule;
import ai.gim.compiler.train.AudioTrainingData;
import ai.gim.compiler.train.Checkpoint;
import ai.gim.compiler.train.GreedyTraining;
import ai.gim.compiler.train.LossLog;
import ai.gim.compiler.train.ModuleStack;
import ai.gim.compiler.train.ModuleTrainer;
import ai.gim.compiler.train.TrainingData;
import ai.gim.compiler.train.VisionTrainingData;
import ai.gim.data.image.ImageSplits;
import ai.gim.data.image.ImageTransforms;
import ai.gim.data.image.SampleDump;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.AudioPreset;
import ai.gim.models.EncoderSpec;
import ai.gim.models.InvalidInputException;
import ai.gim.models.ManifestJson;
import ai.gim.models.ModuleSpec;
import ai.gim.models.VisionEncoderSpec;
import ai.gim.models.VisionPreset;
import ai.gim.runtime.Device;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/** Trains a GIM stack (audio or vision) greedily and compiles it to an artifact directory. */
public final class CompileJob {

    private static final Logger LOG = Logger.getLogger(CompileJob.class.getName());

    private final CompileOptions options;

    public CompileJob(CompileOptions options) {
        this.options = options;
    }

    public ArtifactManifest run() {
        if (options.steps() < 0 || options.batchSize() < 1 || options.learningRate() <= 0) {
            throw new InvalidInputException("--steps must be >= 0, --batch-size >= 1 and --lr > 0; got "
                    + options.steps() + ", " + options.batchSize() + ", " + options.learningRate());
        }
        EncoderSpec spec;
        TrainingData data;
        switch (options.modality()) {
            case "audio" -> {
                spec = AudioPreset.of(options.preset()).spec();
                data = new AudioTrainingData(options.data(), (ai.gim.models.AudioEncoderSpec) spec);
            }
            case "vision" -> {
                CompileOptions.VisionOptions v = options.vision();
                VisionPreset preset = VisionPreset.of(options.preset());
                ImageSplits splits = ImageSplits.open(options.data(), v.dataset());
                LOG.info(splits.describe());
                if (v.dumpSamples() > 0) {
                    SampleDump.write(splits.train(), v.dumpSamples(), options.out().resolve("samples"));
                }
                if (!List.of("bottleneck", "basic").contains(v.block())) {
                    throw new InvalidInputException("--block is '" + v.block() + "'; expected bottleneck or basic");
                }
                VisionEncoderSpec vision = preset.spec(ImageTransforms.outputChannels(splits.unsupervised(), v.grayscale()), v.block());
                spec = vision;
                data = new VisionTrainingData(options.data(), splits, vision, v.grayscale(), preset.trainingPad());
            }
            default -> throw new InvalidInputException("--modality is '" + options.modality() + "'; expected audio or vision");
        }
        List<ModuleSpec> modules = cut(spec);
        List<Integer> trained = trainedModules(modules.size());
        validateInit();

        ModuleStack stack = ModuleStack.build(modules, data.inputLength(), k -> initialParameters(modules.get(k)));
        Map<Integer, ModuleTrainer> trainers = new LinkedHashMap<>();
        for (int k : trained) {
            trainers.put(k, new ModuleTrainer(TrainableModule.of(stack.graph(k), options.batchSize()), options.batchSize(), data.predictionTargets(stack.graph(k)),
                    spec.infoNce(), initialPredictor(modules.get(k), spec), options.learningRate(), options.seed() + 101L * k));
        }
        List<INDArray> predictors = predictorsOf(stack, trainers);
        Runnable checkpoint = () -> Checkpoint.write(options.out(), parametersOf(stack), predictors);

        long start = System.nanoTime();
        LossLog log = new GreedyTraining(stack, trainers)
                .run(data.batches(options.batchSize(), options.seed()), options.steps(), options.checkpointEvery(), options.out(), checkpoint);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (options.steps() > 0) {
            LOG.info(String.format(Locale.ROOT, "trained %d steps in %.1f s (%.2f steps/s)", options.steps(), seconds,
                    options.steps() / seconds));
        }
        checkpoint.run();
        log.write(options.out().resolve("training"));

        ArtifactManifest.Provenance provenance = new ArtifactManifest.Provenance(data.description(), options.steps(),
                options.seed(), options.batchSize(), options.learningRate(), trained,
                options.init() == null ? null : options.init().toAbsolutePath().toString(),
                log.recentMeans(20), BuildInfo.libraries(), Instant.now().toString());
        ArtifactWriter.Description description = new ArtifactWriter.Description(options.modality(), options.preset(),
                options.modelSplits(), spec, data.preprocessing(), provenance);
        return ArtifactWriter.write(options.out(), description, stack, data.parityBatch(options.seed() + 1),
                Device.of(options.device()));
    }

    private List<ModuleSpec> cut(EncoderSpec spec) {
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
        if (!init.modality().equals(options.modality()) || !init.preset().equals(options.preset())
                || init.modelSplits() != options.modelSplits()) {
            throw new InvalidInputException(options.init().resolve(ArtifactManifest.FILE_NAME) + ": " + init.modality()
                    + " preset " + init.preset() + " with " + init.modelSplits() + " splits; expected " + options.modality()
                    + " preset " + options.preset() + " with " + options.modelSplits() + " splits");
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

    private INDArray initialPredictor(ModuleSpec module, EncoderSpec spec) {
        INDArray loaded = options.init() == null ? null : Checkpoint.readPredictor(options.init(), module.index());
        if (loaded != null) {
            return loaded.castTo(DataType.FLOAT);
        }
        return InfoNceLoss.initialPredictor(module.outputChannels(), module.encoderChannels(),
                spec.infoNce().predictionSteps(), options.seed() + 7919L * (module.index() + 1), DataType.FLOAT);
    }

    private static List<Map<String, INDArray>> parametersOf(ModuleStack stack) {
        return stack.graphs().stream().map(g -> g.parameters()).toList();
    }

    /** The live predictors of trained modules, the init artifact's (read once) for frozen ones. */
    private List<INDArray> predictorsOf(ModuleStack stack, Map<Integer, ModuleTrainer> trainers) {
        List<INDArray> predictors = new ArrayList<>();
        for (int k = 0; k < stack.size(); k++) {
            ModuleTrainer t = trainers.get(k);
            predictors.add(t != null ? t.predictor()
                    : options.init() == null ? null : Checkpoint.readPredictor(options.init(), k));
        }
        return predictors;
    }
}
