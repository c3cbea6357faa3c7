package ai.gim.compiler.cli;

import ai.gim.compiler.CompileJob;
import ai.gim.compiler.CompileOptions;
import ai.gim.models.AudioPreset;
import ai.gim.models.TrainingDefaults;
import ai.gim.runtime.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gim-compile}: parses the command line and hands the work to {@link CompileJob}. */
@Command(name = "gim-compile", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Train a Greedy InfoMax stack module by module and compile every module to ONNX.")
public final class GimCompile implements Callable<Integer> {

    @Option(names = "--modality", description = "audio", defaultValue = "audio")
    String modality;

    @Option(names = "--preset", description = "paper or demo", defaultValue = "demo")
    String preset;

    @Option(names = "--data", required = true, description = "dataset root (LibriSpeech layout with CPC split files)")
    Path data;

    @Option(names = "--out", required = true, description = "artifact directory to write")
    Path out;

    @Option(names = "--model-splits", defaultValue = "6", description = "6: GIM; 5: last conv with the GRU; 1: end-to-end CPC")
    int modelSplits;

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
        TrainingDefaults defaults = AudioPreset.of(preset).training();
        CompileOptions options = new CompileOptions(modality, preset, data, out, modelSplits, trainModule, init,
                steps != null ? steps : defaults.steps(),
                batchSize != null ? batchSize : defaults.batchSize(),
                learningRate != null ? learningRate : defaults.learningRate(),
                seed != null ? seed : defaults.seed(),
                device,
                checkpointEvery != null ? checkpointEvery : defaults.checkpointEvery());
        new CompileJob(options).run();
        System.out.println("wrote " + out.resolve("manifest.json"));
        return CommandRunner.OK;
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run("gim-compile", new GimCompile(), args));
    }
}
