package ai.gim.runtime;

import ai.gim.models.ArtifactManifest;
import ai.gim.models.InvalidInputException;
import ai.gim.models.ManifestJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An artifact directory: its manifest, and module files checked against the manifest's SHA-256. */
public record Artifact(Path directory, ArtifactManifest manifest) {

    public static Artifact open(Path directory) {
        return new Artifact(directory, ManifestJson.read(directory));
    }

    /** The bytes of module {@code index}, after checking their SHA-256 against the manifest. */
    public byte[] moduleBytes(int index) {
        if (index < 0 || index >= manifest.modules().size()) {
            throw new InvalidInputException(directory.resolve(ArtifactManifest.FILE_NAME) + ": has modules 0.."
                    + (manifest.modules().size() - 1) + "; module " + index + " was asked for");
        }
        ArtifactManifest.ModuleEntry entry = manifest.modules().get(index);
        Path file = directory.resolve(entry.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(file + ": listed in the manifest as module " + index + " but missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(entry.sha256())) {
            throw new InvalidInputException(file + ": SHA-256 is " + actual + "; the manifest expects " + entry.sha256());
        }
        return bytes;
    }

    /** Refuses, naming the manifest, an artifact of another modality than {@code modality}. */
    public void requireModality(String modality) {
        if (!manifest.modality().equals(modality)) {
            throw new InvalidInputException(directory.resolve(ArtifactManifest.FILE_NAME) + ": modality is "
                    + manifest.modality() + "; this task needs a modality " + modality + " artifact");
        }
    }

    public int moduleCount() {
        return manifest.modules().size();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
