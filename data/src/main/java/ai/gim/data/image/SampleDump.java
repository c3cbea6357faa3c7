package ai.gim.data.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes images as read ({@code sample-<i>-<class>.png}), so orientation and channel order can be checked by eye. */
public final class SampleDump {

    private SampleDump() {
    }

    public static void write(ImageSet images, int count, Path dir) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < Math.min(count, images.count()); i++) {
                BufferedImage out = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < images.height(); y++) {
                    for (int x = 0; x < images.width(); x++) {
                        int r = images.pixel(i, 0, y, x);
                        int g = images.channels() == 3 ? images.pixel(i, 1, y, x) : r;
                        int b = images.channels() == 3 ? images.pixel(i, 2, y, x) : r;
                        out.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
                String label = images.labels()[i] < 0 ? "unlabeled" : images.classNames().get(images.labels()[i]);
                ImageIO.write(out, "png", dir.resolve(String.format("sample-%03d-%s.png", i, label)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write samples into " + dir, e);
        }
    }
}
