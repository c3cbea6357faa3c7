package ai.gim.data.image;

import java.util.List;

/**
 * Images of one split held as bytes, row-major {@code [count, channels, height, width]}, with labels
 * 0..classes-1 ({@code -1} for unlabelled images).
 */
public record ImageSet(String source, int count, int channels, int height, int width, byte[] pixels, int[] labels,
                       List<String> classNames) {

    public ImageSet {
        if ((long) count * channels * height * width != pixels.length || labels.length != count) {
            throw new IllegalArgumentException(source + ": " + pixels.length + " pixel bytes and " + labels.length
                    + " labels do not make " + count + " images of " + channels + "×" + height + "×" + width);
        }
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /** Pixel (c, y, x) of image i, 0..255. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[(int) ((long) i * imageBytes() + ((long) c * height + y) * width + x)] & 0xff;
    }

    /** This set and {@code other} (same image shape) as one. */
    public ImageSet concat(ImageSet other) {
        if (other.channels != channels || other.height != height || other.width != width) {
            throw new IllegalArgumentException(other.source + ": images are " + other.channels + "×" + other.height + "×"
                    + other.width + "; expected " + channels + "×" + height + "×" + width + " as in " + source);
        }
        byte[] p = java.util.Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, p, pixels.length, other.pixels.length);
        int[] l = java.util.Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new ImageSet(source + " + " + other.source, count + other.count, channels, height, width, p, l, classNames);
    }
}
