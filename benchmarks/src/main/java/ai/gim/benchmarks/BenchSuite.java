package ai.gim.benchmarks;

import ai.djl.ndarray.NDManager;
import ai.gim.benchmarks.torch.Torch;
import ai.gim.benchmarks.torch.TorchModule;
import ai.gim.compiler.train.ModuleStack;
import ai.gim.models.AudioPreset;
import ai.gim.models.InvalidInputException;
import ai.gim.models.ModuleSpec;
import ai.gim.models.NamedChoice;
import ai.gim.models.VisionEncoderSpec;
import ai.gim.models.VisionPreset;
import ai.gim.runtime.Device;
import ai.gim.runtime.ModuleChain;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The representative subset {@code gim-bench} runs, in one process: sgemm peak, feature extraction
 * through the exported chain (and per convolutional module), the SameDiff forward, one vision module,
 * one training step per audio module, the Tribuo probe, and how extraction cost grows with batch size
 * and utterance length. Every timed gim row has its libtorch peer measured right next to it.
 */
public final class BenchSuite {

    /** Model widths and sizes: {@code paper} for the real figures, {@code demo} for a quick smoke run. */
    public enum Scale {
        PAPER(AudioPreset.PAPER, VisionPreset.PAPER, new int[]{1, 8, 32}, 2048, 100_000, 512,
                new int[]{1, 2, 4, 8, 16, 32}, new double[]{1, 2, 5, 10, 20, 30}),
        DEMO(AudioPreset.DEMO, VisionPreset.DEMO, new int[]{1, 8}, 512, 5_000, 64,
                new int[]{1, 4}, new double[]{1, 2});

        final AudioPreset audio;
        final VisionPreset vision;
        final int[] batches;
        final int gemm;
        final int probeExamples;
        final int probeDimension;
        final int[] curveBatches;
        final double[] curveSeconds;

        Scale(AudioPreset audio, VisionPreset vision, int[] batches, int gemm, int probeExamples, int probeDimension,
              int[] curveBatches, double[] curveSeconds) {
            this.audio = audio;
            this.vision = vision;
            this.batches = batches;
            this.gemm = gemm;
            this.probeExamples = probeExamples;
            this.probeDimension = probeDimension;
            this.curveBatches = curveBatches;
            this.curveSeconds = curveSeconds;
        }

        public static Scale of(String name) {
            return NamedChoice.of(Scale.class, name, "--preset", "benchmark preset");
        }
    }

    private static final int TRAINING_BATCH = 8;
    /** Untimed runs before a row's timed ones: ONNX Runtime and libtorch size their memory arenas over the first runs of a shape. */
    private static final int WARMUP = 2;
    private static final int PROBE_EPOCHS = 5;
    private static final int VISION_IMAGES = 8;

    private final Scale scale;
    private final Device device;
    private final int runs;
    private final BenchReport report = new BenchReport();

    public BenchSuite(Scale scale, Device device, int runs) {
        if (runs < 1) {
            throw new InvalidInputException("--runs must be at least 1; got " + runs);
        }
        this.scale = scale;
        this.device = device;
        this.runs = runs;
    }

    public BenchReport run() {
        var audio = scale.audio.spec();
        List<ModuleSpec> audioModules = audio.cut(6);
        EncoderFixture audioFixture = new EncoderFixture(audioModules, EncoderFixture.Pooling.OVER_TIME, 0, 2);
        VisionEncoderSpec visionSpec = scale.vision.spec(1, "bottleneck");
        EncoderFixture visionFixture = new EncoderFixture(visionSpec.cut(3).subList(0, 1), EncoderFixture.Pooling.PER_IMAGE,
                visionSpec.patchesPerImage(), 2);
        int window = audio.windowSamples();
        int moduleCount = audioModules.size();
        int steps = 1 + scale.batches.length + 2 + (moduleCount - 1) + 1 + 2 + moduleCount + 2;
        describeMachine();
        try (NDManager torch = Torch.newManager();
             ProgressBar bar = new ProgressBarBuilder().setTaskName("gim-bench").setInitialMax(steps)
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build()) {
            peak(torch, bar);
            List<TorchModule> torchAudio = audioFixture.torchModules(torch, false);
            try (ModuleChain chain = audioFixture.onnxChain(Device.CPU)) {
                for (int b : scale.batches) {
                    long[] shape = {b, 1, window};
                    time("audio extraction (" + NamedChoice.id(scale) + " encoder, 6 modules + mean pooling)",
                            "batch " + b + " × " + window + " samples", "ONNX Runtime chain", audioFixture.onnxExtraction(chain, shape),
                            "libtorch", audioFixture.torchExtraction(torchAudio, torch, shape), audioFixture.flops(b, window), WARMUP, runs, bar);
                }
                curves(audioFixture, chain, torchAudio, torch, window, audio.sampleRate(), bar);
            }
            for (int k = 0; k < moduleCount - 1; k++) {
                long[] shape = audioFixture.audioInputShape(k, 8, window);
                try (ModuleChain one = audioFixture.onnxModule(k, Device.CPU)) {
                    time("audio modules alone (batch 8)", "module " + k + " " + describe(shape), "ONNX Runtime",
                            audioFixture.onnxExtraction(one, shape), "libtorch",
                            audioFixture.torchExtraction(torchAudio.subList(k, k + 1), torch, shape),
                            ai.gim.models.FlopCount.forward(audioModules.get(k), 8, shape[2]), WARMUP, runs, bar);
                }
            }
            sameDiffForward(audioFixture, torchAudio, torch, window, bar);
            vision(visionFixture, visionSpec, torch, bar);
            training(audioFixture, audio.infoNce(), window, torch, bar);
            probe(bar);
            cuda(audioFixture, window);
        }
        return report;
    }

    private void describeMachine() {
        report.machine("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        report.machine("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        report.machine("ONNX Runtime", ai.gim.runtime.SessionFactory.onnxRuntimeVersion());
        report.machine("libtorch", Torch.engine().getVersion() + " (DJL " + ai.djl.engine.Engine.getDjlVersion() + ")");
        report.machine("ND4J backend", Nd4j.getBackend().getClass().getSimpleName());
        report.machine("preset", NamedChoice.id(scale));
    }

    private void peak(NDManager torch, ProgressBar bar) {
        int n = scale.gemm;
        BenchRow row = time("machine", "sgemm " + n + "³", "ND4J gemm (preallocated C)", Sgemm.nd4j(n),
                "libtorch matmul", Sgemm.torch(torch, n), Sgemm.flops(n), WARMUP, Math.max(runs, 5), bar);
        report.peakGflops(Math.max(row.gimGflops(), row.peerGflops()));
    }

    private void sameDiffForward(EncoderFixture audio, List<TorchModule> torchAudio, NDManager torch, int window, ProgressBar bar) {
        long[] shape = {8, 1, window};
        ModuleStack stack = audio.sameDiffStack(window);
        time("SameDiff forward (the training graphs)", "audio batch 8 × " + window, "SameDiff output + ND4J pooling",
                audio.sameDiffExtraction(stack, shape), "libtorch", audio.torchExtraction(torchAudio, torch, shape),
                audio.flops(8, window), WARMUP, runs, bar);
    }

    private void vision(EncoderFixture vision, VisionEncoderSpec spec, NDManager torch, ProgressBar bar) {
        int side = spec.imageSide();
        long[] shape = {VISION_IMAGES, 1, side, side};
        List<TorchModule> torchVision = vision.torchModules(torch, false);
        String what = "module 0 (patch grid, stem, stage 1), " + VISION_IMAGES + " images " + side + "²";
        String section = "vision module (" + NamedChoice.id(scale) + " width)";
        Workload peer = vision.torchExtraction(torchVision, torch, shape);
        double flops = vision.flops(VISION_IMAGES, side);
        try (ModuleChain chain = vision.onnxChain(Device.CPU)) {
            time(section, what, "ONNX Runtime", vision.onnxExtraction(chain, shape), "libtorch", peer, flops, WARMUP, runs, bar);
        }
        time(section, what, "SameDiff output", vision.sameDiffExtraction(vision.sameDiffStack(side), shape), "libtorch", peer,
                flops, WARMUP, runs, bar);
    }

    private void training(EncoderFixture audio, ai.gim.models.InfoNceSettings infoNce, int window, NDManager torch, ProgressBar bar) {
        for (int k = 0; k < audio.modules().size(); k++) {
            TrainingSteps steps = new TrainingSteps(audio, k, TRAINING_BATCH, window, infoNce, 2e-4);
            try (NDManager scope = torch.newSubManager()) {
                time("training step (forward, InfoNCE, backward, Adam), batch " + TRAINING_BATCH,
                        "module " + k + " on " + describe(steps.inputShape()), "gim ModuleTrainer", steps.gim(),
                        "libtorch autograd + Adam", steps.torch(scope), steps.flops(), 1, Math.min(runs, 3), bar);
            }
            System.gc(); // lets JavaCPP free this module's ND4J buffers before the next module's are allocated
        }
    }

    private void probe(ProgressBar bar) {
        ProbeFit fit = new ProbeFit(scale.probeExamples, scale.probeDimension, 10, PROBE_EPOCHS);
        String what = scale.probeExamples + " × " + scale.probeDimension + ", 10 classes";
        report.add(new BenchRow("Tribuo linear probe", "build the standardised dataset, " + what, "LinearProbe.prepare",
                Timing.measure(fit.buildDataset(), 1, 2), null, null, 0, null));
        bar.step();
        report.add(new BenchRow("Tribuo linear probe", "fit, " + PROBE_EPOCHS + " epochs, " + what, "LinearSGD + AdaGrad",
                Timing.measure(fit.fit(), 0, 2), null, null, 0, null));
        bar.step();
    }

    private void cuda(EncoderFixture audio, int window) {
        if (device == Device.CPU) {
            return;
        }
        String section = "CUDA";
        String ortReason = ai.gim.runtime.SessionFactory.cudaUnavailableReason();
        if (ortReason != null) {
            report.add(BenchRow.skipped(section, "audio extraction, ONNX Runtime CUDA",
                    "ONNX Runtime's CUDA provider does not load here (" + ortReason + ")"));
        } else {
            try (ModuleChain chain = audio.onnxChain(Device.CUDA)) {
                long[] shape = {32, 1, window};
                report.add(new BenchRow(section, "audio extraction batch 32", "ONNX Runtime CUDA",
                        Timing.measure(audio.onnxExtraction(chain, shape), WARMUP, runs), null, null, audio.flops(32, window), null));
            }
        }
        String torchReason = Torch.cudaUnavailableReason();
        if (torchReason != null) {
            report.add(BenchRow.skipped(section, "libtorch peer on CUDA", torchReason));
        }
        if (!Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("cuda")) {
            report.add(BenchRow.skipped(section, "SameDiff training on CUDA", "ND4J runs its CPU backend; build with -Pcuda for nd4j-cuda-11.6"));
        }
    }

    private void curves(EncoderFixture audio, ModuleChain chain, List<TorchModule> torchAudio, NDManager torch, int window,
                        int sampleRate, ProgressBar bar) {
        List<Double> batches = new ArrayList<>();
        for (int b : scale.curveBatches) {
            batches.add((double) b);
        }
        report.add(curve("Extraction time against batch size", "windows of " + window + " samples", batches,
                b -> new long[]{b.longValue(), 1, window}, audio, chain, torchAudio, torch));
        bar.step();
        List<Double> seconds = new ArrayList<>();
        for (double s : scale.curveSeconds) {
            seconds.add(s);
        }
        report.add(curve("Extraction time against utterance length", "seconds of audio, batch 1", seconds,
                s -> new long[]{1, 1, Math.round(s * sampleRate)}, audio, chain, torchAudio, torch));
        bar.step();
    }

    /** Median of 3 runs (after 1 warm-up) of gim's and the peer's extraction at each point. */
    private static BenchReport.Curve curve(String name, String axis, List<Double> points, java.util.function.Function<Double, long[]> shape,
                                           EncoderFixture audio, ModuleChain chain, List<TorchModule> torchAudio, NDManager torch) {
        List<Double> gim = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        for (double x : points) {
            gim.add(Timing.measure(audio.onnxExtraction(chain, shape.apply(x)), 1, 3).medianMs());
            peer.add(Timing.measure(audio.torchExtraction(torchAudio, torch, shape.apply(x)), 1, 3).medianMs());
        }
        return new BenchReport.Curve(name, axis, points, gim, peer);
    }

    /**
     * Times gim's workload, then the peer's, each after {@code warmup} untimed runs, and adds the row.
     */
    private BenchRow time(String section, String name, String gimPath, Workload gim, String peerPath, Workload peer,
                          double flops, int warmup, int timedRuns, ProgressBar bar) {
        bar.setExtraMessage(name);
        Timing g = Timing.measure(gim, warmup, timedRuns);
        Timing p = Timing.measure(peer, warmup, timedRuns);
        BenchRow row = new BenchRow(section, name, gimPath, g, peerPath, p, flops, null);
        report.add(row);
        bar.step();
        return row;
    }

    private static String describe(long[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(']').toString();
    }
}
