package ai.gim.compiler.export;

import ai.gim.compiler.graph.ParameterInitializer;
import ai.gim.compiler.graph.SameDiffModuleGraph;
import ai.gim.models.AudioPreset;
import ai.gim.models.ModuleSpec;
import ai.gim.models.VisionEncoderSpec;
import ai.gim.models.VisionPreset;
import ai.gim.runtime.Device;
import ai.gim.runtime.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every module of both presets and of every cut: the ONNX model lowered from the spec and run in ONNX
 * Runtime against the SameDiff graph lowered from the same spec, same weights, same input.
 * Tolerance: {@link ParityCheck#RELATIVE_TOLERANCE} · max(1, max|output|).
 */
class OnnxParityTest {

    private static final SessionFactory CPU = new SessionFactory(Device.CPU);

    static Stream<Arguments> modules() {
        List<Arguments> cases = new ArrayList<>();
        for (AudioPreset preset : AudioPreset.values()) {
            for (int splits : new int[]{6, 5, 1}) {
                int length = preset == AudioPreset.PAPER ? 3200 : 20480; // paper width on a short window keeps the test quick
                for (ModuleSpec module : preset.spec().cut(splits)) {
                    cases.add(Arguments.of("audio " + preset.id(), splits, module, length));
                    length = (int) module.outputLength(length);
                }
            }
        }
        for (VisionPreset preset : VisionPreset.values()) {
            for (String block : new String[]{"bottleneck", "basic"}) {
                for (int splits : new int[]{3, 1}) {
                    VisionEncoderSpec spec = preset.spec(preset == VisionPreset.PAPER ? 3 : 1, block);
                    int side = spec.imageSide();
                    for (ModuleSpec module : spec.cut(splits)) {
                        cases.add(Arguments.of("vision " + preset.id() + " " + block, splits, module, side));
                        side = (int) module.outputLength(side);
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} splits, module {index}")
    @MethodSource("modules")
    void exportedModuleMatchesSameDiffModuleWithinTolerance(String preset, int splits, ModuleSpec module, int inputLength) {
        Map<String, INDArray> params = ParameterInitializer.initialise(module, 5, DataType.FLOAT);
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(module, inputLength, DataType.FLOAT, params);
        byte[] onnx = OnnxModuleLowering.lower(module, graph.parameters(), "test");
        long[] shape = graph.inputShape();
        shape[0] = 2;
        INDArray input = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
        ParityCheck.Result r = ParityCheck.compare(module.index(), onnx, input, graph.forward(input).output(), CPU);
        assertTrue(r.passed(), "max |ONNX - SameDiff| = " + r.maxAbsDiff() + " > " + r.tolerance());
    }

    @Test
    void cudaIsRefusedWithItsReasonWhenAskedForAndFallsBackToCpuOnAuto() throws Exception {
        String unavailable = SessionFactory.cudaUnavailableReason();
        org.junit.jupiter.api.Assumptions.assumeTrue(unavailable != null, "CUDA loads here");
        ModuleSpec module = AudioPreset.DEMO.spec().cut(6).get(4);
        byte[] onnx = OnnxModuleLowering.lower(module, ParameterInitializer.initialise(module, 1, DataType.FLOAT), "test");
        ai.gim.models.InvalidInputException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ai.gim.models.InvalidInputException.class, () -> new SessionFactory(Device.CUDA).open(onnx));
        assertTrue(refused.getMessage().startsWith("--device cuda") && refused.getMessage().contains(unavailable), refused.getMessage());
        new SessionFactory(Device.AUTO).open(onnx).close();
    }

    @Test
    void parityCheckCatchesAGruWithItsGatesSwapped() {
        ModuleSpec gru = AudioPreset.DEMO.spec().cut(6).get(5);
        Map<String, INDArray> params = ParameterInitializer.initialise(gru, 5, DataType.FLOAT);
        SameDiffModuleGraph graph = SameDiffModuleGraph.build(gru, 40, DataType.FLOAT, params);
        Map<String, INDArray> swapped = new java.util.HashMap<>(graph.parameters());
        swapped.put("layer0/W_iz", graph.parameters().get("layer0/W_ir"));
        swapped.put("layer0/W_ir", graph.parameters().get("layer0/W_iz"));
        byte[] wrong = OnnxModuleLowering.lower(gru, swapped, "test");
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, gru.inputChannels(), 40);
        assertFalse(ParityCheck.compare(gru.index(), wrong, input, graph.forward(input).output(), CPU).passed());
    }
}
