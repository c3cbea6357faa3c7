package ai.gim.runtime;

import java.util.Arrays;

/** A dense row-major float tensor on the Java heap, e.g. {@code [batch, channels, frames]}. */
public record FloatTensor(float[] data, long[] shape) {

    public FloatTensor {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values; got " + data.length);
        }
    }

    public long dim(int axis) {
        return shape[axis];
    }
}
