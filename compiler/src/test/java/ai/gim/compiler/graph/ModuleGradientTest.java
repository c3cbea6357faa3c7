package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.GruLayer;
import ai.gim.models.InfoNceSettings;
import ai.gim.models.LayerSpec;
import ai.gim.models.ModuleSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lowered module graphs and the InfoNCE loss as a whole, against finite differences. */
class ModuleGradientTest {

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("conv module", new ModuleSpec(0, 2, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 3)), 1), 14),
                Arguments.of("gru module", new ModuleSpec(1, 3, List.<LayerSpec>of(new GruLayer(4)), 2), 5),
                Arguments.of("conv + gru module", new ModuleSpec(0, 2, List.<LayerSpec>of(new Conv1dLayer(4, 2, 2, 3), new GruLayer(3)), 1), 9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void parameterGradientsMatchFiniteDifferences(String name, ModuleSpec spec, int inputLength) {
        Nd4j.getRandom().setSeed(11);
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(spec, inputLength, DataType.DOUBLE,
                ParameterInitializer.initialise(spec, 3, DataType.DOUBLE));
        INDArray input = Nd4j.randn(DataType.DOUBLE, 2, spec.inputChannels(), inputLength);
        INDArray[] zc = graph.forward(input);
        INDArray gradC = Nd4j.randn(DataType.DOUBLE, zc[1].shape());
        INDArray gradZ = graph.encodedIsSeparatelyTrainable() ? Nd4j.randn(DataType.DOUBLE, zc[0].shape()) : null;
        Map<String, INDArray> gradients = graph.parameterGradients(input, gradC, gradZ);
        for (Map.Entry<String, INDArray> p : graph.parameters().entrySet()) {
            NumericalGradient.check(name + " " + p.getKey(), p.getValue(), gradients.get(p.getKey()), () -> {
                INDArray[] out = graph.forward(input);
                double s = out[1].mul(gradC).sumNumber().doubleValue();
                return gradZ == null ? s : s + out[0].mul(gradZ).sumNumber().doubleValue();
            });
        }
    }

    @Test
    void infoNceGradientsMatchFiniteDifferencesWhenContextIsTheTarget() {
        int batch = 2, frames = 7, channels = 3;
        InfoNceSettings settings = new InfoNceSettings(3, 4, 0);
        InfoNceLoss loss = new InfoNceLoss(batch, frames, channels, channels, settings, DataType.DOUBLE,
                InfoNceLoss.initialPredictor(channels, channels, 3, 5, DataType.DOUBLE), 9);
        INDArray z = Nd4j.randn(DataType.DOUBLE, batch, channels, frames);
        int[] anchors = java.util.stream.IntStream.range(0, batch * frames).toArray();
        int[] negatives = new java.util.Random(4).ints(batch * frames * 4, 0, batch * frames).toArray();
        InfoNceLoss.Result r = loss.compute(z, z, anchors, negatives);
        INDArray total = r.contextGradient().add(r.targetGradient());
        NumericalGradient.check("dL/dz", z, total, () -> loss.compute(z, z, anchors, negatives).loss());
        NumericalGradient.check("dL/dW", loss.predictor(), r.predictorGradient(), () -> loss.compute(z, z, anchors, negatives).loss());
    }

    @Test
    void infoNceGradientsMatchFiniteDifferencesForSeparateContextAndTargetOnAnAnchorSubset() {
        int batch = 2, frames = 6;
        InfoNceSettings settings = new InfoNceSettings(2, 3, 5);
        InfoNceLoss loss = new InfoNceLoss(batch, frames, 4, 3, settings, DataType.DOUBLE,
                InfoNceLoss.initialPredictor(4, 3, 2, 5, DataType.DOUBLE), 9);
        INDArray c = Nd4j.randn(DataType.DOUBLE, batch, 4, frames);
        INDArray z = Nd4j.randn(DataType.DOUBLE, batch, 3, frames);
        int[] anchors = {0, 4, 5, 7, 10}; // a subset, including last frames with no positive at some steps
        int[] negatives = new java.util.Random(2).ints(5 * 3, 0, batch * frames).toArray();
        InfoNceLoss.Result r = loss.compute(c, z, anchors, negatives);
        NumericalGradient.check("dL/dc", c, r.contextGradient(), () -> loss.compute(c, z, anchors, negatives).loss());
        NumericalGradient.check("dL/dz", z, r.targetGradient(), () -> loss.compute(c, z, anchors, negatives).loss());
    }

    @Test
    void infoNceOfRandomFeaturesIsNearLogOfCandidateCount() {
        int batch = 4, frames = 50, channels = 8, negatives = 10;
        InfoNceLoss loss = new InfoNceLoss(batch, frames, channels, channels, new InfoNceSettings(12, negatives, 0),
                DataType.DOUBLE, Nd4j.zeros(DataType.DOUBLE, channels, 12 * channels), 1);
        double value = loss.compute(Nd4j.randn(DataType.DOUBLE, batch, channels, frames),
                Nd4j.randn(DataType.DOUBLE, batch, channels, frames)).loss();
        assertEquals(Math.log(1 + negatives), value, 1e-9, "a zero predictor scores every candidate alike");
    }
}
