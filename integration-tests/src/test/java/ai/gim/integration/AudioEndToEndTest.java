package ai.gim.integration;

import ai.gim.compiler.CompileJob;
import ai.gim.compiler.CompileOptions;
import ai.gim.data.audio.FestivalCorpusBuilder;
import ai.gim.evaluator.EvalJob;
import ai.gim.evaluator.ProbeReport;
import ai.gim.models.ArtifactManifest;
import ai.gim.models.InvalidInputException;
import ai.gim.runtime.Artifact;
import ai.gim.runtime.Device;
import ai.gim.runtime.FloatTensor;
import ai.gim.runtime.ModuleChain;
import ai.gim.runtime.OnnxModule;
import ai.gim.runtime.SessionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Demo corpus → short greedy training → export → probes, and the exported modules in a second runtime. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AudioEndToEndTest {

    private static Path work;
    private static Path data;
    private static Path artifact;

    @BeforeAll
    static void trainAShortDemoStack() throws Exception {
        assumeTrue(onPath("festival") && onPath("sox"),
                "needs Festival and sox: bin/install-demo-packages (.ci/run runs it)");
        work = Files.createTempDirectory("gim-e2e");
        data = work.resolve("data");
        new FestivalCorpusBuilder(data, 10).build();
        artifact = work.resolve("gim");
        new CompileJob(new CompileOptions("audio", "demo", data, artifact, 6, null, null, 30, 8, 5e-4, 2, "cpu", 20,
                CompileOptions.VisionOptions.DEFAULT)).run();
    }

    @Test
    @Order(1)
    void artifactHoldsSixVerifiedModulesAndTheTrainingState() {
        Artifact a = Artifact.open(artifact);
        ArtifactManifest m = a.manifest();
        assertEquals(6, m.modules().size());
        for (int k = 0; k < 6; k++) {
            a.moduleBytes(k);
            assertTrue(m.modules().get(k).parityMaxAbsDiff() <= m.modules().get(k).parityTolerance());
        }
        assertEquals(List.of(5, 20, 40, 80, 160, 160), m.modules().stream().map(ArtifactManifest.ModuleEntry::downsampling).toList());
        assertTrue(Files.isRegularFile(artifact.resolve("training/loss.csv")));
        assertTrue(Files.isRegularFile(artifact.resolve("training/loss.png")));
        assertTrue(Files.isDirectory(artifact.resolve("training/checkpoint/module-5")));
    }

    @Test
    @Order(2)
    void speakerProbeOnTheLastModuleIsWellAboveChance() {
        ProbeReport report = new EvalJob(new EvalJob.Options(artifact, data, "speaker", work.resolve("eval-speaker"),
                "all", "cpu", 20, 1, "auto", Integer.MAX_VALUE)).run();
        double chance = 1.0 / report.classes();
        double last = report.modules().get(report.modules().size() - 1).accuracy();
        assertEquals(9, report.classes());
        assertTrue(last > 2 * chance, "speaker accuracy " + last + " vs chance " + chance);
        assertTrue(Files.isRegularFile(work.resolve("eval-speaker/accuracy_by_module.png")));
    }

    @Test
    @Order(3)
    void phoneProbeOnTheLastModuleBeatsTheMajorityClass() {
        ProbeReport report = new EvalJob(new EvalJob.Options(artifact, data, "phone", work.resolve("eval-phone"),
                "5", "cpu", 5, 1, "auto", Integer.MAX_VALUE)).run();
        ProbeReport.ModuleResult last = report.modules().get(0);
        assertTrue(last.accuracy() > last.majorityBaseline(), "phone accuracy " + last.accuracy()
                + " vs majority class " + last.majorityBaseline());
    }

    @Test
    @Order(4)
    void tamperedModuleIsRefusedNamingTheFile() throws Exception {
        Path copy = work.resolve("tampered");
        Files.createDirectories(copy);
        for (String f : new String[]{"manifest.json", "module-0.onnx"}) {
            Files.copy(artifact.resolve(f), copy.resolve(f));
        }
        byte[] bytes = Files.readAllBytes(copy.resolve("module-0.onnx"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(copy.resolve("module-0.onnx"), bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModuleChain.open(Artifact.open(copy), 1, Device.CPU));
        assertTrue(e.getMessage().contains("module-0.onnx: SHA-256 is"), e.getMessage());
    }

    @Test
    @Order(5)
    void exportedModulesGiveTheSameOutputsInOnnxRuntimeNode() throws Exception {
        Path node = Path.of("node").toAbsolutePath();
        assumeTrue(onPath("node") && Files.isDirectory(node.resolve("node_modules/onnxruntime-node")),
                "needs node and onnxruntime-node: (cd integration-tests/node && npm install --ignore-scripts) (.ci/run does it)");
        Artifact a = Artifact.open(artifact);
        SessionFactory cpu = new SessionFactory(Device.CPU);
        float[] window = new float[2 * 20480];
        Random r = new Random(3);
        for (int i = 0; i < window.length; i++) {
            window[i] = (float) (r.nextGaussian() * 0.1);
        }
        FloatTensor input = new FloatTensor(window, new long[]{2, 1, 20480});
        for (int k = 0; k < a.moduleCount(); k++) {
            FloatTensor java;
            try (OnnxModule module = new OnnxModule(cpu, a.moduleBytes(k))) {
                java = module.run(input);
            }
            Path in = work.resolve("in-" + k + ".f32");
            Path out = work.resolve("out-" + k + ".f32");
            Files.write(in, littleEndian(input.data()));
            Process p = new ProcessBuilder("node", node.resolve("run-module.js").toString(),
                    artifact.resolve(a.manifest().modules().get(k).file()).toString(), in.toString(),
                    join(input.shape()), out.toString()).redirectErrorStream(true).start();
            String printed = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor(), "node failed: " + printed);
            assertEquals(join(java.shape()), printed, "module " + k + " output shape");
            float[] fromNode = fromLittleEndian(Files.readAllBytes(out));
            float maxDiff = 0;
            for (int i = 0; i < fromNode.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(fromNode[i] - java.data()[i]));
            }
            assertTrue(maxDiff <= 1e-5f, "module " + k + ": node and Java differ by " + maxDiff);
            input = java;
        }
    }

    @Test
    @Order(6)
    void trainingOneModuleKeepsTheModulesBelowItFrozen() {
        Path partial = work.resolve("module-5-only");
        ArtifactManifest m = new CompileJob(new CompileOptions("audio", "demo", data, partial, 6, 5, artifact, 3, 8, 5e-4, 2,
                "cpu", 0, CompileOptions.VisionOptions.DEFAULT)).run();
        ArtifactManifest init = Artifact.open(artifact).manifest();
        assertEquals(List.of(5), m.training().trainedModules());
        for (int k = 0; k < 5; k++) {
            assertEquals(init.modules().get(k).sha256(), m.modules().get(k).sha256(), "module " + k + " is frozen");
        }
        assertNotEquals(init.modules().get(5).sha256(), m.modules().get(5).sha256(), "module 5 was trained");

        InvalidInputException noInit = assertThrows(InvalidInputException.class, () -> new CompileJob(new CompileOptions("audio",
                "demo", data, work.resolve("x"), 6, 3, null, 1, 8, 5e-4, 2, "cpu", 0, CompileOptions.VisionOptions.DEFAULT)).run());
        assertTrue(noInit.getMessage().contains("--train-module 3 needs --init DIR"), noInit.getMessage());
    }

    private static byte[] littleEndian(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    private static float[] fromLittleEndian(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static String join(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (long s : shape) {
            sb.append(sb.length() == 0 ? "" : ",").append(s);
        }
        return sb.toString();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
