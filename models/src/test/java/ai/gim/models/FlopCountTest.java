package ai.gim.models;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlopCountTest {

    @Test
    void paperAudioConvolutionsCost49point7GigaflopsPerBatchOfEight() {
        List<ModuleSpec> modules = AudioPreset.PAPER.spec().cut(6);
        // FIELD-NOTES: 5 conv layers at 512 channels, 8 × 20480 samples, 49.7 GFLOP
        assertEquals(49.69e9, FlopCount.forward(modules.subList(0, 5), 8, 20_480), 0.01e9);
    }

    @Test
    void gruCountsItsSixMatrixProductsPerFrame() {
        ModuleSpec gru = AudioPreset.PAPER.spec().cut(6).get(5);
        // 128 frames of 512 channels, hidden 256: 3 gates × (512 + 256) × 256 multiply-adds per frame
        assertEquals(2.0 * 3 * 128 * 3 * 256 * (512 + 256), FlopCount.forward(gru, 3, 128), 1);
    }

    @Test
    void bottleneckCountsEachConvolutionAtItsOwnResolution() {
        ModuleSpec module = new ModuleSpec(0, 64, List.of(new PreActBottleneck(16, 2)), 1);
        double conv1 = 2.0 * 8 * 8 * 16 * 64;          // 1×1 at the input side 8
        double conv2 = 2.0 * 4 * 4 * 16 * 16 * 9;      // 3×3 stride 2 to side 4
        double conv3 = 2.0 * 4 * 4 * 64 * 16;
        double shortcut = 2.0 * 4 * 4 * 64 * 64;       // stride 2 projects
        assertEquals(5 * (conv1 + conv2 + conv3 + shortcut), FlopCount.forward(module, 5, 8), 1e-6);
    }

    @Test
    void tooShortInputIsRefused() {
        ModuleSpec first = AudioPreset.PAPER.spec().cut(6).get(0);
        assertThrows(IllegalArgumentException.class, () -> FlopCount.forward(first, 1, 3));
    }
}
