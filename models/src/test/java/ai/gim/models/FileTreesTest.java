package ai.gim.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void atomicWritesReplaceTheFileAndLeaveItReadableByAllWithNoTemporaryBehind() throws Exception {
        Path target = dir.resolve("manifest.json");
        ManifestJson.writeAtomically(target, "old".getBytes());
        ManifestJson.writeAtomically(target, "new".getBytes());
        assertEquals("new", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var entries = Files.list(dir)) {
            assertEquals(1, entries.count(), "only the target remains");
        }
    }

    @Test
    void stagedDirectoriesArePublishedReadableAndDeletedRecursively() throws Exception {
        Path staging = Files.createTempDirectory(dir, ".staging");
        Files.writeString(Files.createDirectories(staging.resolve("a/b")).resolve("c.txt"), "x");
        Path target = dir.resolve("published");
        FileTrees.publish(staging, target);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("x", Files.readString(target.resolve("a/b/c.txt")));
        FileTrees.deleteRecursively(target);
        assertFalse(Files.exists(target));
    }
}
