package ai.gim.integration;

import ai.gim.compiler.CompileJob;
import ai.gim.compiler.CompileOptions;
import ai.gim.data.image.ImageSet;
import ai.gim.data.image.ImageSplits;
import ai.gim.evaluator.EvalJob;
import ai.gim.evaluator.ProbeReport;
import ai.gim.models.ArtifactManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Image data → short greedy training of the demo vision stack → export → image probe. */
class VisionEndToEndTest {

    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path work;

    @Test
    void fashionMnistSubsetTrainsExportsAndProbesWellAboveChance() throws IOException {
        assumeTrue(Files.isRegularFile(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "needs Debian's dataset-fashion-mnist: bin/install-demo-packages (.ci/run runs it)");
        ImageSplits full = ImageSplits.open(FASHION_MNIST, "idx");
        Path data = Files.createDirectories(work.resolve("fashion"));
        writeIdx(data, "train", full.train(), 3000);
        writeIdx(data, "t10k", full.test(), 1000);

        Path artifact = work.resolve("gim");
        ArtifactManifest manifest = new CompileJob(new CompileOptions("vision", "demo", data, artifact, 3, null, null, 20, 8,
                1e-3, 2, "cpu", 0, new CompileOptions.VisionOptions("auto", false, "bottleneck", 3))).run();
        assertEquals(3, manifest.modules().size());
        assertEquals(36, manifest.image().patchesPerImage());
        assertEquals(3, Files.list(artifact.resolve("samples")).count(), "--dump-samples wrote the images as read");

        ProbeReport report = new EvalJob(new EvalJob.Options(artifact, data, "image", work.resolve("eval"), "all", "cpu", 10, 1,
                "auto", Integer.MAX_VALUE)).run();
        double last = report.modules().get(2).accuracy();
        assertTrue(last > 0.3, "image accuracy at the last module " + last + " (chance 0.1)");
        assertTrue(report.rawPixelAccuracy() > 0.5, "raw pixels " + report.rawPixelAccuracy());
        assertEquals(1000, report.modules().get(0).testExamples());
    }

    @Test
    void stl10FormatFolderOfAnotherOriginTrainsAndProbesUnchanged() throws IOException {
        Path data = work.resolve("stl");
        Path bin = Files.createDirectories(data.resolve("stl10_binary"));
        Random random = new Random(5);
        writeStl(bin, "train", 200, random);
        writeStl(bin, "test", 100, random);
        Files.writeString(bin.resolve("class_names.txt"), "stripes0\nstripes1\nstripes2\nstripes3\nstripes4\nstripes5\nstripes6\nstripes7\nstripes8\nstripes9\n");

        Path artifact = work.resolve("stl-gim");
        new CompileJob(new CompileOptions("vision", "demo", data, artifact, 3, null, null, 5, 4, 1e-3, 2, "cpu", 0,
                new CompileOptions.VisionOptions("auto", true, "basic", 0))).run();
        ProbeReport report = new EvalJob(new EvalJob.Options(artifact, data, "image", work.resolve("stl-eval"), "all", "cpu", 20, 1,
                "auto", Integer.MAX_VALUE)).run();
        assertEquals(10, report.classes());
        assertTrue(report.modules().get(0).accuracy() > 0.2, "stripe frequency is visible to module 0: " + report.modules().get(0).accuracy());
    }

    /** STL-10's layout: uint8 3×96×96 per image, each channel column-major; labels 1..10. Class c: stripes of period c + 2. */
    private static void writeStl(Path bin, String split, int count, Random random) throws IOException {
        byte[] x = new byte[count * 3 * 96 * 96];
        byte[] y = new byte[count];
        for (int i = 0; i < count; i++) {
            int c = i % 10;
            y[i] = (byte) (c + 1);
            for (int ch = 0; ch < 3; ch++) {
                for (int col = 0; col < 96; col++) {
                    for (int row = 0; row < 96; row++) {
                        int v = ((row / (c + 2)) % 2) * 160 + random.nextInt(60) + ch * 10;
                        x[i * 3 * 96 * 96 + ch * 96 * 96 + col * 96 + row] = (byte) v;
                    }
                }
            }
        }
        Files.write(bin.resolve(split + "_X.bin"), x);
        Files.write(bin.resolve(split + "_y.bin"), y);
    }

    private static void writeIdx(Path dir, String prefix, ImageSet set, int count) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(images)) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(set.height());
            out.writeInt(set.width());
            out.write(set.pixels(), 0, count * set.imageBytes());
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(labels)) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            byte[] l = new byte[count];
            int[] source = Arrays.copyOf(set.labels(), count);
            for (int i = 0; i < count; i++) {
                l[i] = (byte) source[i];
            }
            out.write(l);
        }
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
    }
}
