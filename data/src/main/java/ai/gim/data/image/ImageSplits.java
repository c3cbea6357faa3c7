package ai.gim.data.image;

import ai.gim.models.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The splits of an image dataset: {@code unsupervised} (what GIM trains on: STL-10's train plus part
 * of unlabeled, otherwise the train split), {@code train} (labelled, for the probe) and {@code test}.
 * The format is what the folder holds unless named: an {@code stl10_binary} folder, IDX files, or
 * {@code train/} and {@code test/} class folders.
 */
public record ImageSplits(String format, ImageSet unsupervised, ImageSet train, ImageSet test) {

    /** STL-10's unlabeled split is 100k images (2.7 GB): GIM training takes this many of them. */
    public static final int MAX_UNLABELED = 20_000;

    public static ImageSplits open(Path dir, String format) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": data directory not found");
        }
        String kind = format.equals("auto") ? detect(dir) : format;
        return switch (kind) {
            case "stl10" -> stl10(dir);
            case "idx" -> idx(dir);
            case "folder" -> folder(dir);
            default -> throw new InvalidInputException("--dataset is '" + format + "'; expected stl10, idx or folder");
        };
    }

    private static String detect(Path dir) {
        if (Files.isDirectory(dir.resolve("stl10_binary")) || Files.isRegularFile(dir.resolve("train_X.bin"))) {
            return "stl10";
        }
        if (idxFile(dir, "train-images-idx3-ubyte") != null) {
            return "idx";
        }
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            return "folder";
        }
        throw new InvalidInputException(dir + ": holds no stl10_binary folder, no train-images-idx3-ubyte[.gz] and no "
                + "train/ and test/ class folders; name the format with --dataset stl10|idx|folder");
    }

    private static ImageSplits stl10(Path dir) {
        Path binaries = Stl10Reader.locate(dir);
        ImageSet train = Stl10Reader.read(binaries, "train", Integer.MAX_VALUE);
        ImageSet test = Stl10Reader.read(binaries, "test", Integer.MAX_VALUE);
        ImageSet unsupervised = Files.isRegularFile(binaries.resolve("unlabeled_X.bin"))
                ? train.concat(Stl10Reader.read(binaries, "unlabeled", MAX_UNLABELED)) : train;
        return new ImageSplits("stl10", unsupervised, train, test);
    }

    private static ImageSplits idx(Path dir) {
        Path trainImages = require(dir, "train-images-idx3-ubyte");
        Path trainLabels = require(dir, "train-labels-idx1-ubyte");
        Path testImages = require(dir, "t10k-images-idx3-ubyte");
        Path testLabels = require(dir, "t10k-labels-idx1-ubyte");
        List<String> classes = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
        ImageSet train = IdxReader.read(trainImages, trainLabels, classes);
        return new ImageSplits("idx", train, train, IdxReader.read(testImages, testLabels, classes));
    }

    private static ImageSplits folder(Path dir) {
        List<String> classes = ImageFolderReader.classes(dir.resolve("train"));
        ImageSet train = ImageFolderReader.read(dir.resolve("train"), classes);
        ImageSet test = ImageFolderReader.read(dir.resolve("test"), classes);
        return new ImageSplits("folder", train, train, test);
    }

    private static Path require(Path dir, String base) {
        Path file = idxFile(dir, base);
        if (file == null) {
            throw new InvalidInputException(dir.resolve(base) + "[.gz]: not found; expected the four IDX files of MNIST/Fashion-MNIST");
        }
        return file;
    }

    private static Path idxFile(Path dir, String base) {
        for (String name : List.of(base, base + ".gz")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s: %d unsupervised, %d train, %d test images of %d×%d×%d",
                format, unsupervised.count(), train.count(), test.count(), train.channels(), train.height(), train.width());
    }
}
