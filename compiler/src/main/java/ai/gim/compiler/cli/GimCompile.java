package ai.gim.compiler.cli;

import ai.gim.compiler.CompileJob;
import ai.gim.compiler.CompileOptions;
import ai.gim.models.AudioPreset;
import ai.gim.models.TrainingDefaults;
import ai.gim.models.VisionPreset;
import ai.gim.runtime.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gim-compile}: parses the command line and hands the work to {@link CompileJob}. */
@Command(name = "gim-compile", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train a Greedy InfoMax stack module by module and compile every module to ONNX.")
public final class GimCompile implements Callable<Integer> {

    @Option(names = "--modality", description = "audio or vision", defaultValue = "audio")
    String modality;

    @Option(names = "--preset", description = "paper or demo", defaultValue = "demo")
    String preset;

    @Option(names = "--data", required = true, description = "dataset root: LibriSpeech layout with CPC split files (audio); "
            + "an stl10_binary folder, IDX files, or train/ and test/ class folders (vision)")
    Path data;

    @Option(names = "--out", required = true, description = "artifact directory to write")
    Path out;

    @Option(names = "--model-splits", description = "audio 6: GIM, 5: last conv with the GRU, 1: end-to-end CPC; "
            + "vision 3: GIM (one module per ResNet stage), 1: end to end; default 6 (audio) or 3 (vision)")
    Integer modelSplits;

    @Option(names = "--dataset", defaultValue = "auto", description = "vision: stl10, idx, folder or auto (what --data holds)")
    String dataset;

    @Option(names = "--grayscale", description = "vision: convert images to one grayscale channel")
    boolean grayscale;

    @Option(names = "--block", defaultValue = "bottleneck", description = "vision: bottleneck (ResNet-50 stages) or basic (ResNet-34)")
    String block;

    @Option(names = "--dump-samples", defaultValue = "0", description = "vision: write this many training images as PNGs under OUT/samples")
    int dumpSamples;

    @Option(names = "--train-module", description = "train only module K; the ones below are frozen, taken from --init")
    Integer trainModule;

    @Option(names = "--init", description = "earlier artifact to start from")
    Path init;

    @Option(names = "--steps", description = "training batches (0: export the initial stack); default from the preset")
    Integer steps;

    @Option(names = "--batch-size", description = "windows per batch; default from the preset")
    Integer batchSize;

    @Option(names = "--lr", description = "Adam learning rate; default from the preset")
    Double learningRate;

    @Option(names = "--seed", description = "seed for initialisation and sampling; default from the preset")
    Long seed;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints; default from the preset")
    Integer checkpointEvery;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or cuda (ONNX Runtime for the export check)")
    String device;

    @Override
    public Integer call() {
        boolean vision = modality.equals("vision");
        TrainingDefaults defaults = vision ? VisionPreset.of(preset).training() : AudioPreset.of(preset).training();
        int splits = modelSplits != null ? modelSplits : vision ? 3 : 6;
        CompileOptions options = new CompileOptions(modality, preset, data, out, splits, trainModule, init,
                steps != null ? steps : defaults.steps(),
                batchSize != null ? batchSize : defaults.batchSize(),
                learningRate != null ? learningRate : defaults.learningRate(),
                seed != null ? seed : defaults.seed(),
                device,
                checkpointEvery != null ? checkpointEvery : defaults.checkpointEvery(),
                new CompileOptions.VisionOptions(dataset, grayscale, block, dumpSamples));
        new CompileJob(options).run();
        System.out.println("wrote " + out.resolve("manifest.json"));
        return CommandRunner.OK;
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run("gim-compile", new GimCompile(), args));
    }
}
