package ai.gim.benchmarks.cli;

import ai.gim.benchmarks.BenchReport;
import ai.gim.benchmarks.BenchSuite;
import ai.gim.runtime.cli.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "gim-bench", mixinStandardHelpOptions = true,
        description = "Times gim's extraction, forward and training paths next to libtorch (PyTorch 2.7.1 CPU) "
                + "and the machine's sgemm peak, in one process, and prints the table.")
public final class GimBench implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "paper", description = "model widths: paper (the measured table) or demo (a quick smoke run)")
    String preset;

    @Option(names = "--device", defaultValue = "auto", description = "auto or cuda: add the GPU rows (skipped, with the reason, where CUDA does not load); cpu: leave them out")
    String device;

    @Option(names = "--out", defaultValue = "bench-results", description = "directory for bench.md, bench.json and the PNG plots")
    Path out;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per cheap row (training steps and the probe use fewer)")
    int runs;

    public static void main(String[] args) {
        System.exit(CommandRunner.run("gim-bench", new GimBench(), args));
    }

    @Override
    public Integer call() {
        BenchReport report = new BenchSuite(BenchSuite.Scale.of(preset), ai.gim.runtime.Device.of(device), runs).run();
        report.write(out);
        System.out.println(report.markdown());
        System.out.println("written: " + out.resolve("bench.md") + ", bench.json and the plots");
        return 0;
    }
}
