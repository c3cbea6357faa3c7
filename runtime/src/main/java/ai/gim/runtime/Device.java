package ai.gim.runtime;

import java.util.Locale;

/** Where ONNX Runtime executes: {@code auto} tries CUDA and falls back to CPU with one log line. */
public enum Device {
    AUTO, CPU, CUDA;

    public static Device of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ai.gim.models.InvalidInputException("--device is '" + name + "'; expected auto, cpu or cuda");
        }
    }
}
