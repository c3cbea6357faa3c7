package ai.gim.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes {@code manifest.json} (and any other JSON the tools emit), atomically. */
public final class ManifestJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ManifestJson() {
    }

    public static ArtifactManifest read(Path artifactDir) {
        Path file = artifactDir.resolve(ArtifactManifest.FILE_NAME);
        ArtifactManifest manifest;
        try {
            manifest = MAPPER.readValue(file.toFile(), ArtifactManifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidInputException(file + ": not found; expected an artifact directory written by gim-compile");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (manifest.formatVersion() != ArtifactManifest.FORMAT_VERSION) {
            throw new InvalidInputException(file + ": field formatVersion is " + manifest.formatVersion()
                    + "; this build reads version " + ArtifactManifest.FORMAT_VERSION);
        }
        if (manifest.modules().isEmpty()) {
            throw new InvalidInputException(file + ": field modules is empty; expected at least one module");
        }
        return manifest;
    }

    public static void write(Path artifactDir, ArtifactManifest manifest) {
        writeAtomically(artifactDir.resolve(ArtifactManifest.FILE_NAME), manifest);
    }

    /** Serialises {@code value} to a temporary file beside {@code target}, then renames it into place. */
    public static void writeAtomically(Path target, Object value) {
        try {
            writeAtomically(target, MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                FileTrees.publish(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
