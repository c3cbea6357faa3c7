package ai.gim.data.image;

import ai.gim.models.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image readers on files written here in the real formats, and the transforms. */
class ImageReadersTest {

    @TempDir
    Path dir;

    @Test
    void stl10ColumnMajorChannelsComeOutRowMajor() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("stl10_binary"));
        byte[] raw = new byte[2 * 3 * 96 * 96];
        // image 1, channel 2 (blue), row y=5, column x=70: column-major offset x*96 + y
        raw[3 * 96 * 96 + 2 * 96 * 96 + 70 * 96 + 5] = (byte) 200;
        Files.write(bin.resolve("train_X.bin"), raw);
        Files.write(bin.resolve("train_y.bin"), new byte[]{3, 10});
        Files.write(bin.resolve("test_X.bin"), raw);
        Files.write(bin.resolve("test_y.bin"), new byte[]{1, 2});
        Files.writeString(bin.resolve("class_names.txt"), "airplane\nbird\ncar\ncat\ndeer\ndog\nhorse\nmonkey\nship\ntruck\n");
        ImageSplits splits = ImageSplits.open(dir, "auto");
        assertEquals("stl10", splits.format());
        ImageSet train = splits.train();
        assertEquals(200, train.pixel(1, 2, 5, 70), "the known pixel lands at row 5, column 70");
        assertEquals(0, train.pixel(1, 2, 70, 5));
        assertArrayEquals(new int[]{2, 9}, train.labels(), "labels 1..10 become 0..9");
        assertEquals("car", train.classNames().get(train.labels()[0]));
    }

    @Test
    void stl10IsAlsoFoundOneLevelDeeperAsTheOriginalCodeLaysItOut() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("stl10_binary/stl10_binary"));
        Files.write(bin.resolve("train_X.bin"), new byte[3 * 96 * 96]);
        assertEquals(bin, Stl10Reader.locate(dir));
    }

    @Test
    void stl10SizesThatDoNotDivideAndLabelCountsThatDoNotMatchAreRefused() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("stl10_binary"));
        Files.writeString(bin.resolve("class_names.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
        Files.write(bin.resolve("train_X.bin"), new byte[3 * 96 * 96 + 5]);
        InvalidInputException size = assertThrows(InvalidInputException.class, () -> Stl10Reader.read(bin, "train", 10));
        assertTrue(size.getMessage().contains("train_X.bin") && size.getMessage().contains("not a whole number"), size.getMessage());
        Files.write(bin.resolve("train_X.bin"), new byte[2 * 3 * 96 * 96]);
        Files.write(bin.resolve("train_y.bin"), new byte[]{1});
        InvalidInputException labels = assertThrows(InvalidInputException.class, () -> Stl10Reader.read(bin, "train", 10));
        assertTrue(labels.getMessage().contains("train_y.bin: has 1 labels"), labels.getMessage());
    }

    @Test
    void idxReadsGzipAndRawAndChecksMagicAndSizes() throws IOException {
        byte[] pixels = new byte[3 * 4 * 5];
        pixels[4 * 5 + 2 * 5 + 3] = (byte) 255; // image 1, row 2, column 3
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), IdxReader.IMAGES_MAGIC, new int[]{3, 4, 5}, pixels, true);
        writeIdx(dir.resolve("train-labels-idx1-ubyte"), IdxReader.LABELS_MAGIC, new int[]{3}, new byte[]{7, 0, 9}, false);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReader.IMAGES_MAGIC, new int[]{3, 4, 5}, pixels, true);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.LABELS_MAGIC, new int[]{3}, new byte[]{1, 2, 3}, true);
        ImageSplits splits = ImageSplits.open(dir, "auto");
        assertEquals("idx", splits.format());
        assertEquals(255, splits.train().pixel(1, 0, 2, 3));
        assertArrayEquals(new int[]{7, 0, 9}, splits.train().labels());

        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.LABELS_MAGIC, new int[]{2}, new byte[]{1, 2}, true);
        InvalidInputException count = assertThrows(InvalidInputException.class, () -> ImageSplits.open(dir, "idx"));
        assertTrue(count.getMessage().contains("has 2 labels") && count.getMessage().contains("has 3 images"), count.getMessage());

        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.IMAGES_MAGIC, new int[]{3}, new byte[]{1, 2, 3}, true);
        InvalidInputException magic = assertThrows(InvalidInputException.class, () -> ImageSplits.open(dir, "idx"));
        assertTrue(magic.getMessage().contains("magic number is 0x00000803; expected 0x00000801"), magic.getMessage());

        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), IdxReader.IMAGES_MAGIC, new int[]{3, 4, 5}, new byte[10], true);
        InvalidInputException truncated = assertThrows(InvalidInputException.class, () -> ImageSplits.open(dir, "idx"));
        assertTrue(truncated.getMessage().contains("train-images-idx3-ubyte.gz: truncated"), truncated.getMessage());
    }

    @Test
    void imageFoldersReadEveryClassAndRefuseMixedSizes() throws IOException {
        for (String split : List.of("train", "test")) {
            for (String cls : List.of("cat", "dog")) {
                Path d = Files.createDirectories(dir.resolve(split).resolve(cls));
                BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
                image.setRGB(5, 1, cls.equals("dog") ? 0x102030 : 0);
                ImageIO.write(image, "png", d.resolve("a.png").toFile());
            }
        }
        ImageSplits splits = ImageSplits.open(dir, "auto");
        assertEquals("folder", splits.format());
        ImageSet train = splits.train();
        assertEquals(List.of("cat", "dog"), train.classNames());
        assertEquals(3, train.channels());
        assertEquals(0x10, train.pixel(1, 0, 1, 5));
        assertEquals(0x30, train.pixel(1, 2, 1, 5));

        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("train/dog/b.png").toFile());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageSplits.open(dir, "folder"));
        assertTrue(e.getMessage().contains("b.png: is 3×3; expected 6×4"), e.getMessage());
    }

    @Test
    void centreCropNormalisesAndTrainingCropsFlipAndShift() {
        byte[] pixels = new byte[6 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        ImageSet set = new ImageSet("t", 1, 1, 6, 6, pixels, new int[]{0}, List.of("x"));
        ImageTransforms t = new ImageTransforms(set, false, 4, 1, new double[]{0.5}, new double[]{0.25});
        float[] out = new float[16];
        t.centreCrop(0, out, 0);
        assertEquals((set.pixel(0, 0, 1, 1) / 255.0 - 0.5) / 0.25, out[0], 1e-6);
        assertEquals((set.pixel(0, 0, 4, 4) / 255.0 - 0.5) / 0.25, out[15], 1e-6);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20; i++) {
            t.trainingCrop(0, random, out, 0);
            for (float v : out) {
                assertTrue(v >= -2.0001 && v <= 2.0001, "normalised value " + v);
            }
        }
        double[][] stats = ImageTransforms.channelStatistics(set, false);
        assertEquals(averagePixel(set), stats[0][0], 1e-6);
    }

    private static double averagePixel(ImageSet set) {
        double sum = 0;
        for (byte b : set.pixels()) {
            sum += (b & 0xff) / 255.0;
        }
        return sum / set.pixels().length;
    }

    private static void writeIdx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(bytes) : bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        Files.write(file, bytes.toByteArray());
    }
}
