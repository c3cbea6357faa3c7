package ai.gim.data.image;

import ai.gim.models.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * STL-10's binary release: {@code <split>_X.bin} holds uint8 images of 3×96×96 with each channel
 * stored column-major; {@code <split>_y.bin} holds labels 1..10; {@code class_names.txt} one name a line.
 * Images come out row-major, labels 0-based.
 */
public final class Stl10Reader {

    public static final int SIDE = 96;
    public static final int CHANNELS = 3;
    private static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;

    private Stl10Reader() {
    }

    /** The folder holding the binaries: {@code DIR/stl10_binary} or, as the original code lays it out, one level deeper. */
    public static Path locate(Path dataDir) {
        for (Path candidate : List.of(dataDir.resolve("stl10_binary/stl10_binary"), dataDir.resolve("stl10_binary"), dataDir)) {
            if (Files.isRegularFile(candidate.resolve("train_X.bin"))) {
                return candidate;
            }
        }
        throw new InvalidInputException(dataDir + ": no stl10_binary/train_X.bin; expected STL-10's binary release");
    }

    public static List<String> classNames(Path binaries) {
        Path file = binaries.resolve("class_names.txt");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        try {
            List<String> names = Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (names.size() != 10) {
                throw new InvalidInputException(file + ": lists " + names.size() + " classes; expected 10");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param split     "train", "test" or "unlabeled" (no labels file)
     * @param maxImages read at most this many (unlabeled_X.bin holds 100k images, 2.7 GB)
     */
    public static ImageSet read(Path binaries, String split, int maxImages) {
        Path images = binaries.resolve(split + "_X.bin");
        long size = fileSize(images);
        if (size == 0 || size % IMAGE_BYTES != 0) {
            throw new InvalidInputException(images + ": " + size + " bytes is not a whole number of 3×96×96 images ("
                    + IMAGE_BYTES + " bytes each)");
        }
        int count = (int) Math.min(size / IMAGE_BYTES, maxImages);
        byte[] raw = readPrefix(images, count * IMAGE_BYTES);
        byte[] pixels = new byte[raw.length];
        for (int i = 0; i < count; i++) {
            int base = i * IMAGE_BYTES;
            for (int c = 0; c < CHANNELS; c++) {
                int plane = base + c * SIDE * SIDE;
                for (int x = 0; x < SIDE; x++) {
                    for (int y = 0; y < SIDE; y++) {
                        pixels[plane + y * SIDE + x] = raw[plane + x * SIDE + y];
                    }
                }
            }
        }
        int[] labels = new int[count];
        List<String> names = classNames(binaries);
        if (split.equals("unlabeled")) {
            java.util.Arrays.fill(labels, -1);
        } else {
            Path labelFile = binaries.resolve(split + "_y.bin");
            long labelCount = fileSize(labelFile);
            if (labelCount != size / IMAGE_BYTES) {
                throw new InvalidInputException(labelFile + ": has " + labelCount + " labels; " + images + " has "
                        + size / IMAGE_BYTES + " images");
            }
            byte[] y = readPrefix(labelFile, count);
            for (int i = 0; i < count; i++) {
                int label = y[i] & 0xff;
                if (label < 1 || label > 10) {
                    throw new InvalidInputException(labelFile + ": label " + i + " is " + label + "; expected 1..10");
                }
                labels[i] = label - 1;
            }
        }
        return new ImageSet(images.toString(), count, CHANNELS, SIDE, SIDE, pixels, labels, names);
    }

    private static long fileSize(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] readPrefix(Path file, int bytes) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
