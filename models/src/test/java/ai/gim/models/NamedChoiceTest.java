package ai.gim.models;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NamedChoiceTest {

    private enum Size { SMALL, MEDIUM, LARGE }

    @Test
    void findsAConstantByItsLowerCaseName() {
        assertEquals(Size.MEDIUM, NamedChoice.of(Size.class, "medium", "--size", "size"));
        assertEquals(AudioPreset.DEMO, AudioPreset.of("demo"));
        assertEquals("paper", VisionPreset.PAPER.id());
    }

    @Test
    void refusesAnUnknownNameListingTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> NamedChoice.of(Size.class, "SMALL", "--size", "size"));
        assertEquals("--size: unknown size 'SMALL'; expected small, medium or large", e.getMessage());
        assertEquals("--preset: unknown vision preset 'huge'; expected paper or demo",
                assertThrows(InvalidInputException.class, () -> VisionPreset.of("huge")).getMessage());
    }
}
