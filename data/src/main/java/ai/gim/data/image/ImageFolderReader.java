package ai.gim.data.image;

import ai.gim.models.InvalidInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A class-per-folder image tree, {@code DIR/<class>/*.png|jpg|jpeg}, classes in name order. Every image
 * must have the size of the first; grayscale files give one channel, colour files three.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    public static ImageSet read(Path dir, List<String> classNames) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            Path classDir = dir.resolve(classNames.get(c));
            if (!Files.isDirectory(classDir)) {
                throw new InvalidInputException(classDir + ": class folder not found; expected the classes " + classNames);
            }
            try (Stream<Path> entries = Files.list(classDir)) {
                for (Path f : entries.filter(ImageFolderReader::isImage).sorted().toList()) {
                    files.add(f);
                    labels.add(c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(dir + ": no PNG or JPEG image in its class folders");
        }
        BufferedImage first = load(files.get(0));
        int channels = first.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
        int h = first.getHeight();
        int w = first.getWidth();
        byte[] pixels = new byte[files.size() * channels * h * w];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = i == 0 ? first : load(files.get(i));
            if (image.getHeight() != h || image.getWidth() != w) {
                throw new InvalidInputException(files.get(i) + ": is " + image.getWidth() + "×" + image.getHeight()
                        + "; expected " + w + "×" + h + " like " + files.get(0));
            }
            int base = i * channels * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    if (channels == 1) {
                        pixels[base + y * w + x] = (byte) (rgb & 0xff);
                    } else {
                        pixels[base + y * w + x] = (byte) ((rgb >> 16) & 0xff);
                        pixels[base + h * w + y * w + x] = (byte) ((rgb >> 8) & 0xff);
                        pixels[base + 2 * h * w + y * w + x] = (byte) (rgb & 0xff);
                    }
                }
            }
        }
        return new ImageSet(dir.toString(), files.size(), channels, h, w, pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** The class folder names under {@code dir}, sorted. */
    public static List<String> classes(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new InvalidInputException(dir + ": no class folders; expected DIR/<class>/<image>.png");
            }
            return names;
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list: " + e.getMessage());
        }
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static BufferedImage load(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new InvalidInputException(file + ": not a readable PNG or JPEG image");
            }
            return image;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot decode image: " + e.getMessage());
        }
    }
}
