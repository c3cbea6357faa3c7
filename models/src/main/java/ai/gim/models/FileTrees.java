package ai.gim.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Staging files and directories: putting them in place readable by all, and removing superseded ones. */
public final class FileTrees {

    private FileTrees() {
    }

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    /**
     * Renames the staged file or directory {@code staged} to {@code target} in one atomic step (replacing a
     * file, not a directory), first widening the owner-only permissions temporary files are created with.
     */
    public static void publish(Path staged, Path target) throws IOException {
        boolean directory = Files.isDirectory(staged);
        try {
            Files.setPosixFilePermissions(staged, directory ? DIRECTORY : FILE);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
        if (directory) {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Deletes {@code root} and everything below it; nothing happens if it does not exist. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
