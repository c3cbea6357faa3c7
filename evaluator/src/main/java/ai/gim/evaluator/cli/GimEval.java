package ai.gim.evaluator.cli;

import ai.gim.evaluator.EvalJob;
import ai.gim.runtime.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code gim-eval}: parses the command line and hands the work to {@link EvalJob}. */
@Command(name = "gim-eval", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Probe each module of an exported GIM stack with a linear classifier.")
public final class GimEval implements Callable<Integer> {

    @Option(names = "--artifact", required = true, description = "artifact directory written by gim-compile")
    Path artifact;

    @Option(names = "--data", required = true, description = "dataset root: LibriSpeech layout with CPC split and alignment files, "
            + "or an image dataset (stl10_binary, IDX files, train/ and test/ class folders)")
    Path data;

    @Option(names = "--task", required = true, description = "speaker or phone (audio artifacts), image (vision artifacts)")
    String task;

    @Option(names = "--out", required = true, description = "directory for report.json, report.md, accuracy_by_module.png")
    Path out;

    @Option(names = "--modules", defaultValue = "all", description = "all, or one module index")
    String modules;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or cuda")
    String device;

    @Option(names = "--epochs", defaultValue = "20", description = "SGD epochs of the linear probe")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the probe and of frame subsampling")
    long seed;

    @Option(names = "--dataset", defaultValue = "auto", description = "image task: stl10, idx, folder or auto")
    String dataset;

    @Option(names = "--max-train", defaultValue = "2147483647", description = "image task: at most this many labelled train images")
    int maxTrain;

    @Override
    public Integer call() {
        new EvalJob(new EvalJob.Options(artifact, data, task, out, modules, device, epochs, seed, dataset, maxTrain)).run();
        System.out.println("wrote " + out.resolve("report.json"));
        return CommandRunner.OK;
    }

    public static void main(String[] args) {
        System.exit(CommandRunner.run("gim-eval", new GimEval(), args));
    }
}
