package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.Conv2dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.InfoNceSettings;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import ai.gim.models.PatchGrid;
import ai.gim.models.PreActBasicBlock;
import ai.gim.models.PreActBottleneck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lowered module graphs and the InfoNCE loss as a whole, against finite differences. */
class ModuleGradientTest {

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("conv module", new ModuleSpec(0, 2, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 3)), 1), 14),
                Arguments.of("gru module", new ModuleSpec(1, 3, List.<LayerSpec>of(new GruLayer(4)), 2), 5),
                Arguments.of("conv + gru module", new ModuleSpec(0, 2, List.<LayerSpec>of(new Conv1dLayer(4, 2, 2, 3), new GruLayer(3)), 1), 9),
                Arguments.of("patch grid + stem + bottleneck", new ModuleSpec(0, 1, List.<LayerSpec>of(
                        new PatchGrid(4, 2, 3), new Conv2dLayer(3, 1, 1, 2), new PreActBottleneck(1, 1)), 1), 8),
                Arguments.of("strided bottleneck then identity bottleneck", new ModuleSpec(1, 4, List.<LayerSpec>of(
                        new PreActBottleneck(1, 2), new PreActBottleneck(1, 1)), 1), 4),
                Arguments.of("basic blocks", new ModuleSpec(1, 2, List.<LayerSpec>of(
                        new PreActBasicBlock(3, 2), new PreActBasicBlock(3, 1)), 1), 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void parameterGradientsMatchFiniteDifferences(String name, ModuleSpec spec, int inputLength) {
        Nd4j.getRandom().setSeed(11);
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(spec, inputLength, DataType.DOUBLE,
                ParameterInitializer.initialise(spec, 3, DataType.DOUBLE));
        long[] shape = graph.inputShape();
        shape[0] = 2;
        INDArray input = Nd4j.randn(DataType.DOUBLE, shape);
        ModuleForward f = graph.forward(input);
        INDArray gradContext = Nd4j.randn(DataType.DOUBLE, f.contextRows().shape());
        INDArray gradTarget = graph.targets() == SameDiffModuleGraph.Targets.ENCODING
                ? Nd4j.randn(DataType.DOUBLE, f.targetRows().shape()) : null;
        Map<String, INDArray> gradients = graph.parameterGradients(input, gradContext, gradTarget);
        for (Map.Entry<String, INDArray> p : graph.parameters().entrySet()) {
            NumericalGradient.check(name + " " + p.getKey(), p.getValue(), gradients.get(p.getKey()), () -> {
                ModuleForward out = graph.forward(input);
                double s = out.contextRows().mul(gradContext).sumNumber().doubleValue();
                return gradTarget == null ? s : s + out.targetRows().mul(gradTarget).sumNumber().doubleValue();
            });
        }
    }

    @Test
    void infoNceGradientsMatchFiniteDifferencesWhenContextIsTheTarget() {
        int sequences = 2, frames = 7, channels = 3, negatives = 4;
        InfoNceLoss loss = new InfoNceLoss(sequences, PredictionTargets.alongTime(frames), channels, channels,
                new InfoNceSettings(3, negatives, 0), DataType.DOUBLE,
                InfoNceLoss.initialPredictor(channels, channels, 3, 5, DataType.DOUBLE), 9);
        INDArray z = Nd4j.randn(DataType.DOUBLE, sequences * frames, channels);
        int[] anchors = IntStream.range(0, sequences * frames).toArray();
        int[] negativeRows = new Random(4).ints(sequences * frames * negatives, 0, sequences * frames).toArray();
        InfoNceLoss.Result r = copy(loss.compute(z, z, loss.sampler().sample(anchors, negativeRows)));
        INDArray total = r.contextGradient().add(r.targetGradient());
        NumericalGradient.check("dL/dz", z, total, () -> loss.compute(z, z, loss.sampler().sample(anchors, negativeRows)).loss());
        NumericalGradient.check("dL/dW", loss.predictor(), r.predictorGradient(), () -> loss.compute(z, z, loss.sampler().sample(anchors, negativeRows)).loss());
    }

    @Test
    void infoNceGradientsMatchFiniteDifferencesForSeparateContextAndTargetOnAnAnchorSubset() {
        int sequences = 2, frames = 6, negatives = 3;
        InfoNceLoss loss = new InfoNceLoss(sequences, PredictionTargets.alongTime(frames), 4, 3,
                new InfoNceSettings(2, negatives, 5), DataType.DOUBLE, InfoNceLoss.initialPredictor(4, 3, 2, 5, DataType.DOUBLE), 9);
        INDArray c = Nd4j.randn(DataType.DOUBLE, sequences * frames, 4);
        INDArray z = Nd4j.randn(DataType.DOUBLE, sequences * frames, 3);
        int[] anchors = {0, 4, 5, 7, 10}; // a subset, including last frames with no positive at some steps
        int[] negativeRows = new Random(2).ints(5 * negatives, 0, sequences * frames).toArray();
        InfoNceLoss.Result r = copy(loss.compute(c, z, loss.sampler().sample(anchors, negativeRows)));
        NumericalGradient.check("dL/dc", c, r.contextGradient(), () -> loss.compute(c, z, loss.sampler().sample(anchors, negativeRows)).loss());
        NumericalGradient.check("dL/dz", z, r.targetGradient(), () -> loss.compute(c, z, loss.sampler().sample(anchors, negativeRows)).loss());
    }

    @Test
    void infoNceGradientsMatchFiniteDifferencesOnAPatchGrid() {
        int images = 2, grid = 4, channels = 3, negatives = 5;
        PredictionTargets layout = PredictionTargets.gridRowsBelow(grid, 2);
        InfoNceLoss loss = new InfoNceLoss(images, layout, channels, channels, new InfoNceSettings(2, negatives, 0),
                DataType.DOUBLE, InfoNceLoss.initialPredictor(channels, channels, 2, 5, DataType.DOUBLE), 3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, images * grid * grid, channels);
        int[] anchors = IntStream.range(0, images * grid * grid).toArray();
        int[] negativeRows = new Random(8).ints(anchors.length * negatives, 0, anchors.length).toArray();
        InfoNceLoss.Result r = copy(loss.compute(z, z, loss.sampler().sample(anchors, negativeRows)));
        NumericalGradient.check("dL/dz", z, r.contextGradient().add(r.targetGradient()), () -> loss.compute(z, z, loss.sampler().sample(anchors, negativeRows)).loss());
    }

    @ParameterizedTest(name = "{0} sequences of {1} frames")
    @org.junit.jupiter.params.provider.CsvSource({"3, 9", "2, 13"}) // 27 anchors: 9 chunks of 3; 26: 6 chunks of 5, the last padded
    void chunkedPassesGiveTheLossAndGradientsOfOnePass(int sequences, int frames) {
        int channels = 4;
        InfoNceSettings settings = new InfoNceSettings(3, 4, 0);
        INDArray predictor = InfoNceLoss.initialPredictor(channels, channels, 3, 5, DataType.DOUBLE);
        PredictionTargets layout = PredictionTargets.alongTime(frames);
        InfoNceLoss whole = new InfoNceLoss(sequences, layout, channels, channels, settings, DataType.DOUBLE, predictor, 9);
        InfoNceLoss chunked = new InfoNceLoss(sequences, layout, channels, channels, settings, DataType.DOUBLE, predictor, 9, true, 5);
        INDArray c = Nd4j.randn(DataType.DOUBLE, sequences * frames, channels);
        INDArray z = Nd4j.randn(DataType.DOUBLE, sequences * frames, channels);
        InfoNceSampler.Sample sample = whole.sampler().draw();
        InfoNceLoss.Result a = copy(whole.compute(c, z, sample));
        InfoNceLoss.Result b = chunked.compute(c, z, sample);
        assertEquals(a.loss(), b.loss(), 1e-12);
        assertEquals(0, a.predictorGradient().sub(b.predictorGradient()).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0, a.contextGradient().sub(b.contextGradient()).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0, a.targetGradient().sub(b.targetGradient()).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void scatterAddAccumulatesRepeatedRowsExactly() {
        int[] rows = new Random(1).ints(20_000, 0, 4).toArray(); // large enough for libnd4j to use both threads
        double[] counts = new double[4];
        for (int r : rows) {
            counts[r]++;
        }
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 4, 64);
        InfoNceLoss.scatterAdd(target, rows, Nd4j.ones(DataType.DOUBLE, rows.length, 64));
        for (int r = 0; r < 4; r++) {
            assertEquals(counts[r], target.getRow(r).minNumber().doubleValue(), 0, "row " + r);
            assertEquals(counts[r], target.getRow(r).maxNumber().doubleValue(), 0, "row " + r);
        }
    }

    /** The loss's gradients live in its buffers, which the finite-difference evaluations overwrite. */
    private static InfoNceLoss.Result copy(InfoNceLoss.Result r) {
        return new InfoNceLoss.Result(r.loss(), r.predictorGradient().dup(), r.contextGradient().dup(), r.targetGradient().dup());
    }

    @Test
    void gridTargetsSkipTheOverlappingRowAndStopAtTheBottom() {
        PredictionTargets layout = PredictionTargets.gridRowsBelow(7, 2);
        assertEquals(2 * 7 + 3, layout.target(3, 1), "step 1 from row 0, column 3 is row 2, column 3");
        assertEquals(6 * 7 + 3, layout.target(3, 5));
        assertEquals(-1, layout.target(2 * 7, 5), "row 2 has no row 7 below");
        assertEquals(5, PredictionTargets.alongTime(10).target(4, 1));
        assertEquals(-1, PredictionTargets.alongTime(10).target(9, 1));
    }

    @Test
    void infoNceStaysFiniteInFloatWhenANegativeTrailsThePositiveFarBehind() {
        // anchor 0 (context 1) predicts row 1 (target 60) against rows 2 (-60) and 0 (0): a 120-point gap,
        // where float log(softmax) would be -inf
        InfoNceLoss loss = new InfoNceLoss(1, PredictionTargets.alongTime(3), 1, 1, new InfoNceSettings(1, 2, 1),
                DataType.FLOAT, Nd4j.ones(DataType.FLOAT, 1, 1), 1);
        INDArray context = Nd4j.create(new float[]{1, 0, 0}, new long[]{3, 1});
        INDArray targets = Nd4j.create(new float[]{0, 60, -60}, new long[]{3, 1});
        InfoNceLoss.Result r = loss.compute(context, targets, loss.sampler().sample(new int[]{0}, new int[]{2, 0}));
        assertEquals(Math.log(1 + Math.exp(-60) + Math.exp(-120)), r.loss(), 1e-6);
        assertTrue(Double.isFinite(r.predictorGradient().sumNumber().doubleValue()));
    }
}
