package ai.gim.models;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioEncoderSpecTest {

    private final AudioEncoderSpec paper = AudioPreset.PAPER.spec();

    @Test
    void paperEncoderDownsamplesBy160AndTurnsAWindowInto128Frames() {
        assertEquals(160, paper.totalDownsampling());
        List<ModuleSpec> modules = paper.cut(6);
        long frames = 20_480;
        for (ModuleSpec m : modules) {
            frames = m.outputLength(frames);
        }
        assertEquals(128, frames);
        assertEquals(256, modules.get(5).outputChannels());
        assertEquals(512, modules.get(5).inputChannels());
    }

    @Test
    void cutsFollowTheOriginalModelSplits() {
        assertEquals(6, paper.cut(6).size());
        assertEquals(List.of(1, 1, 1, 1, 1, 1), paper.cut(6).stream().map(m -> m.layers().size()).toList());
        assertEquals(2, paper.cut(5).get(4).layers().size(), "split 5 puts the last conv with the GRU");
        assertEquals(6, paper.cut(1).get(0).layers().size(), "split 1 is end-to-end CPC");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paper.cut(4));
        assertTrue(e.getMessage().contains("got 4"), e.getMessage());
    }

    @Test
    void receptiveFieldsGrowModuleByModule() {
        assertArrayEquals(new long[]{10, 45, 105, 225, 465, 465}, ReceptiveField.of(paper.cut(6)));
    }

    @Test
    void demoPresetKeepsThePaperTopology() {
        AudioEncoderSpec demo = AudioPreset.DEMO.spec();
        assertEquals(paper.convolutions().size(), demo.convolutions().size());
        for (int i = 0; i < demo.convolutions().size(); i++) {
            assertEquals(paper.convolutions().get(i).kernel(), demo.convolutions().get(i).kernel());
            assertEquals(paper.convolutions().get(i).stride(), demo.convolutions().get(i).stride());
            assertEquals(paper.convolutions().get(i).padding(), demo.convolutions().get(i).padding());
        }
        assertEquals(paper.infoNce().predictionSteps(), demo.infoNce().predictionSteps());
        assertEquals(paper.infoNce().negatives(), demo.infoNce().negatives());
    }

    @Test
    void unknownPresetNamesWhatIsAccepted() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AudioPreset.of("huge"));
        assertTrue(e.getMessage().contains("paper or demo"), e.getMessage());
    }

    @Test
    void manifestRoundTripsThroughJson() throws Exception {
        ArtifactManifest m = new ArtifactManifest(ArtifactManifest.FORMAT_VERSION, "audio", "demo", 6, AudioPreset.DEMO.spec(),
                new ArtifactManifest.AudioPreprocessing(16000, 1, "none", 20480),
                List.of(new ArtifactManifest.ModuleEntry(0, "module-0.onnx", "ab", "input", "output",
                        List.of("batch", 1, "time"), List.of("batch", 32, "frames"), "float32", 5, 10, false, 1e-7, 1e-4)),
                new ArtifactManifest.Provenance("data", 3, 2, 8, 1e-3, List.of(0), null, List.of(2.3), java.util.Map.of("nd4j", "x"), "now"));
        Path dir = Files.createTempDirectory("manifest");
        ManifestJson.write(dir, m);
        assertEquals(m, ManifestJson.read(dir));
    }

    @Test
    void manifestOfAnotherFormatVersionIsRefusedWithTheFieldNamed() throws Exception {
        Path dir = Files.createTempDirectory("manifest");
        Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": 99}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ManifestJson.read(dir));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    }
}
