package ai.gim.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.gim.benchmarks.torch.Torch;
import ai.gim.benchmarks.torch.TorchInfoNce;
import ai.gim.benchmarks.torch.TorchModule;
import ai.gim.compiler.graph.InfoNceLoss;
import ai.gim.compiler.graph.InfoNceSampler;
import ai.gim.compiler.graph.PredictionTargets;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.AudioPreset;
import ai.gim.models.InfoNceSettings;
import ai.gim.models.ModuleSpec;
import ai.gim.models.VisionEncoderSpec;
import ai.gim.models.VisionPreset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libtorch peer computes what gim computes: same layers, same weights, same loss, same training step. */
class TorchPeerParityTest {

    private static NDManager torch;

    @BeforeAll
    static void openTorch() {
        torch = Torch.newManager();
    }

    @AfterAll
    static void closeTorch() {
        torch.close();
    }

    @Test
    void everyAudioModuleMatchesSameDiff() {
        List<ModuleSpec> modules = AudioPreset.DEMO.spec().cut(6);
        EncoderFixture fixture = new EncoderFixture(modules, EncoderFixture.Pooling.OVER_TIME, 0, 3);
        for (int k = 0; k < modules.size(); k++) {
            long[] shape = fixture.audioInputShape(k, 2, 4_000);
            assertModuleMatches(fixture, k, shape);
        }
    }

    @Test
    void visionModulesOfBothBlockTypesMatchSameDiff() {
        for (String block : List.of("bottleneck", "basic")) {
            VisionEncoderSpec spec = VisionPreset.DEMO.spec(1, block);
            List<ModuleSpec> modules = spec.cut(3);
            EncoderFixture fixture = new EncoderFixture(modules, EncoderFixture.Pooling.PER_IMAGE, spec.patchesPerImage(), 4);
            assertModuleMatches(fixture, 0, new long[]{2, 1, spec.imageSide(), spec.imageSide()});
            long side = modules.get(0).outputLength(spec.imageSide());
            assertModuleMatches(fixture, 1, new long[]{2L * spec.patchesPerImage(), modules.get(1).inputChannels(), side, side});
        }
    }

    private static void assertModuleMatches(EncoderFixture fixture, int k, long[] shape) {
        ModuleSpec spec = fixture.modules().get(k);
        float[] input = EncoderFixture.noise(shape, 11 + k);
        INDArray expected = SameDiffModuleGraph.build(spec, (int) shape[2], DataType.FLOAT, fixture.parameters(k))
                .output(Nd4j.create(input, shape, 'c'));
        try (NDManager scope = torch.newSubManager()) {
            TorchModule module = TorchModule.of(spec, fixture.parameters(k), scope, false);
            NDArray actual = module.forward(scope.create(input, new Shape(shape))).output();
            assertEquals(new Shape(expected.shape()), actual.getShape(), "module " + k + " output shape");
            float[] a = actual.toFloatArray();
            float[] e = expected.dup('c').data().asFloat();
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i]));
                worst = Math.max(worst, Math.abs(a[i] - e[i]));
            }
            assertTrue(worst <= 1e-4 * Math.max(1, scale), "module " + k + " of " + spec.layers() + ": max |torch - SameDiff| = " + worst);
        }
    }

    @Test
    void infoNceLossMatchesGimsOnTheSameSample() {
        int sequences = 3, frames = 40, channels = 16;
        InfoNceSettings settings = new InfoNceSettings(12, 10, 0);
        INDArray predictor = InfoNceLoss.initialPredictor(channels, channels, 12, 5, DataType.FLOAT);
        InfoNceLoss gim = new InfoNceLoss(sequences, PredictionTargets.alongTime(frames), channels, channels, settings,
                DataType.FLOAT, predictor, 9);
        InfoNceSampler.Sample sample = new InfoNceSampler(sequences, PredictionTargets.alongTime(frames), settings, 9).draw();
        float[] rows = EncoderFixture.noise(new long[]{sequences * frames, channels}, 2);
        double expected = gim.compute(Nd4j.create(rows, new long[]{sequences * frames, channels}, 'c'),
                Nd4j.create(rows, new long[]{sequences * frames, channels}, 'c'), sample).loss();
        try (NDManager scope = torch.newSubManager()) {
            NDArray z = scope.create(rows, new Shape(sequences * frames, channels));
            NDArray w = Torch.array(predictor, scope);
            double actual = new TorchInfoNce(12, 10).loss(z, z, w, sample).getFloat();
            assertEquals(expected, actual, 1e-5 * Math.abs(expected));
        }
    }

    @Test
    void trainingStepsGiveTheSameLossesAsGimsTrainer() {
        List<ModuleSpec> modules = AudioPreset.DEMO.spec().cut(6);
        EncoderFixture fixture = new EncoderFixture(modules, EncoderFixture.Pooling.OVER_TIME, 0, 3);
        InfoNceSettings settings = AudioPreset.DEMO.spec().infoNce();
        for (int k : new int[]{1, 5}) { // a conv module (targets = its output) and the GRU (targets = its input)
            TrainingSteps steps = new TrainingSteps(fixture, k, 2, 8_000, settings, 1e-3);
            try (NDManager scope = torch.newSubManager()) {
                DoubleSupplier gim = steps.gimStepper();
                DoubleSupplier peer = steps.torchStepper(scope);
                for (int i = 0; i < 3; i++) { // equal losses after updates: equal gradients and Adam steps too
                    double expected = gim.getAsDouble();
                    assertEquals(expected, peer.getAsDouble(), 1e-3 * Math.abs(expected), "module " + k + ", step " + i);
                }
            }
        }
    }
}
