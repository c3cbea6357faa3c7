package ai.gim.models;

/**
 * Cuts {@code [batch, channels, side, side]} images into a {@code grid × grid} raster of overlapping
 * {@code patch × patch} crops with the given stride, patch-major:
 * {@code [batch · grid · grid, channels, patch, patch]}, rows in (image, grid row, grid column) order.
 */
public record PatchGrid(int patch, int stride, int grid) implements LayerSpec {

    public PatchGrid {
        if (patch < 1 || stride < 1 || grid < 2) {
            throw new IllegalArgumentException("patch grid needs patch>=1, stride>=1, grid>=2; got " + patch + ", " + stride + ", " + grid);
        }
    }

    /** The image side this grid covers exactly. */
    public int imageSide() {
        return (grid - 1) * stride + patch;
    }

    @Override
    public int outputChannels(int inputChannels) {
        return inputChannels;
    }

    @Override
    public int downsampling() {
        return 1;
    }

    @Override
    public long outputLength(long inputLength) {
        return inputLength == imageSide() ? patch : -1;
    }
}
