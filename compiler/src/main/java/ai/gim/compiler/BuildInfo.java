package ai.gim.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Versions of gim and of the libraries it trained and exported with, recorded in every manifest. */
public final class BuildInfo {

    private BuildInfo() {
    }

    public static Map<String, String> libraries() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/gim-build.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> versions.put(k.replace(".version", ""), p.getProperty(k)));
        versions.put("java", System.getProperty("java.version"));
        versions.put("onnx_opset", String.valueOf(ai.gim.compiler.export.OnnxModuleLowering.OPSET));
        return versions;
    }

    public static String gimVersion() {
        return libraries().get("gim");
    }
}
