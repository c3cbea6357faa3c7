package ai.gim.compiler.graph;

import ai.gim.models.Conv1dLayer;
import ai.gim.models.GruLayer;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written audio passes compute what the SameDiff graph computes (whose gradients
 * {@link ModuleGradientTest} checks against finite differences): same outputs, same InfoNCE rows,
 * same parameter gradients, batch after batch through the same buffers.
 */
class HandWrittenAudioModuleTest {

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("first layer (k 10, s 5, one input channel)", new ModuleSpec(0, 1, List.<LayerSpec>of(new Conv1dLayer(10, 5, 2, 4)), 1), 63),
                Arguments.of("conv k 4 s 2", new ModuleSpec(1, 3, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 5)), 5), 17),
                Arguments.of("conv with a tail no frame reads", new ModuleSpec(1, 3, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 5)), 5), 18),
                Arguments.of("three convs", new ModuleSpec(0, 1, List.<LayerSpec>of(
                        new Conv1dLayer(10, 5, 2, 4), new Conv1dLayer(8, 4, 2, 3), new Conv1dLayer(4, 2, 1, 3)), 1), 207),
                Arguments.of("gru alone", new ModuleSpec(5, 3, List.<LayerSpec>of(new GruLayer(4)), 160), 6),
                Arguments.of("conv + gru", new ModuleSpec(4, 3, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 4), new GruLayer(3)), 80), 13),
                Arguments.of("two convs + gru", new ModuleSpec(0, 1, List.<LayerSpec>of(
                        new Conv1dLayer(10, 5, 2, 3), new Conv1dLayer(4, 2, 2, 4), new GruLayer(3)), 1), 61));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void matchesSameDiffForwardAndGradients(String name, ModuleSpec spec, int inputLength) {
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(spec, inputLength, DataType.DOUBLE,
                ParameterInitializer.initialise(spec, 3, DataType.DOUBLE));
        assertTrue(HandWrittenAudioModule.supports(spec));
        HandWrittenAudioModule module = new HandWrittenAudioModule(graph, 2);
        for (int batch = 0; batch < 2; batch++) {
            Nd4j.getRandom().setSeed(20 + batch);
            long[] shape = graph.inputShape();
            shape[0] = 2;
            INDArray input = Nd4j.randn(DataType.DOUBLE, shape);
            ModuleForward expected = graph.forward(input);
            ModuleForward actual = module.forward(input);
            assertClose(name + " output", expected.output(), actual.output());
            assertClose(name + " context rows", expected.contextRows(), actual.contextRows());
            assertClose(name + " target rows", expected.targetRows(), actual.targetRows());
            INDArray gradContext = Nd4j.randn(DataType.DOUBLE, expected.contextRows().shape());
            INDArray gradTarget = graph.targets() == SameDiffModuleGraph.Targets.ENCODING
                    ? Nd4j.randn(DataType.DOUBLE, expected.targetRows().shape()) : null;
            Map<String, INDArray> want = graph.parameterGradients(input, gradContext, gradTarget);
            Map<String, INDArray> got = module.parameterGradients(input, gradContext, gradTarget);
            assertEquals(want.keySet(), got.keySet(), name);
            for (String p : want.keySet()) {
                assertClose(name + " d/d" + p, want.get(p), got.get(p));
            }
        }
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double worst = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(worst <= 1e-9 * scale, what + ": max difference " + worst);
    }

    @Test
    void coversEveryPresetAudioLayerButNotOtherShapes() {
        for (ModuleSpec m : ai.gim.models.AudioPreset.PAPER.spec().cut(1)) {
            assertTrue(HandWrittenAudioModule.supports(m), m.toString());
        }
        assertFalse(HandWrittenAudioModule.supports(new ModuleSpec(0, 1, List.<LayerSpec>of(new Conv1dLayer(3, 2, 1, 4)), 1)),
                "a kernel that is no multiple of its stride takes the SameDiff path");
        assertFalse(HandWrittenAudioModule.supports(new ModuleSpec(0, 1, List.<LayerSpec>of(new GruLayer(4), new Conv1dLayer(4, 2, 1, 4)), 1)));
    }

    @Test
    void refusesABatchOfAnotherSize() {
        ModuleSpec spec = new ModuleSpec(1, 3, List.<LayerSpec>of(new Conv1dLayer(4, 2, 1, 5)), 5);
        HandWrittenAudioModule module = new HandWrittenAudioModule(SameDiffModuleGraph.build(spec, 16, DataType.FLOAT,
                ParameterInitializer.initialise(spec, 3, DataType.FLOAT)), 2);
        assertThrows(IllegalArgumentException.class, () -> module.forward(Nd4j.zeros(DataType.FLOAT, 3, 3, 16)));
    }
}
