package ai.gim.data.image;

import ai.gim.models.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (MNIST, Fashion-MNIST), gzip'd or raw: images with magic 0x00000803 (count, rows, columns
 * of unsigned bytes), labels with magic 0x00000801.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    public static ImageSet read(Path images, Path labels, List<String> classNames) {
        byte[] pixels;
        int count;
        int rows;
        int cols;
        try (DataInputStream in = open(images)) {
            requireMagic(images, in.readInt(), IMAGES_MAGIC);
            count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            if (count < 1 || rows < 1 || cols < 1) {
                throw new InvalidInputException(images + ": header says " + count + " images of " + rows + "×" + cols);
            }
            pixels = new byte[Math.multiplyExact(count, rows * cols)];
            readFully(images, in, pixels, count + " images of " + rows + "×" + cols);
        } catch (IOException e) {
            throw new InvalidInputException(images + ": cannot read: " + e.getMessage(), e);
        }
        int[] labelValues = new int[count];
        try (DataInputStream in = open(labels)) {
            requireMagic(labels, in.readInt(), LABELS_MAGIC);
            int labelCount = in.readInt();
            if (labelCount != count) {
                throw new InvalidInputException(labels + ": has " + labelCount + " labels; " + images + " has " + count + " images");
            }
            byte[] raw = new byte[count];
            readFully(labels, in, raw, count + " labels");
            for (int i = 0; i < count; i++) {
                labelValues[i] = raw[i] & 0xff;
                if (labelValues[i] >= classNames.size()) {
                    throw new InvalidInputException(labels + ": label " + i + " is " + labelValues[i] + "; expected 0.." + (classNames.size() - 1));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(labels + ": cannot read: " + e.getMessage(), e);
        }
        return new ImageSet(images.toString(), count, 1, rows, cols, pixels, labelValues, classNames);
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return new DataInputStream(b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in);
    }

    private static void requireMagic(Path file, int magic, int expected) {
        if (magic != expected) {
            throw new InvalidInputException(String.format("%s: magic number is 0x%08x; expected 0x%08x (%s)", file, magic,
                    expected, expected == IMAGES_MAGIC ? "IDX images" : "IDX labels"));
        }
    }

    private static void readFully(Path file, DataInputStream in, byte[] into, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated; the header promises " + what);
        }
    }
}
