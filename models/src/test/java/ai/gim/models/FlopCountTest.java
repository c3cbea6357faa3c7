package ai.gim.models;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlopCountTest {

    @Test
    void paperAudioConvolutionsCost49point7GigaflopsPerBatchOfEight() {
        List<ModuleSpec> modules = AudioPreset.PAPER.spec().cut(6);
        // output lengths 4095, 1023, 512, 257, 128 (FIELD-NOTES: 49.7 GFLOP)
        double expected = 2.0 * 8 * 512 * (4095.0 * 1 * 10 + 1023.0 * 512 * 8 + 512.0 * 512 * 4 + 257.0 * 512 * 4 + 128.0 * 512 * 4);
        assertEquals(expected, FlopCount.forward(modules.subList(0, 5), 8, 20_480), 1);
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
