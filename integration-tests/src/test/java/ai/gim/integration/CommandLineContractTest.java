package ai.gim.integration;

import ai.gim.compiler.cli.GimCompile;
import ai.gim.evaluator.cli.GimEval;
import ai.gim.runtime.cli.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and messages of gim-compile and gim-eval: 0 success, 2 bad usage or input (one line naming the file), 1 internal. */
class CommandLineContractTest {

    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private static Run compile(String... args) {
        StringWriter err = new StringWriter();
        return new Run(CommandRunner.run("gim-compile", new GimCompile(), new PrintWriter(err, true), args), err.toString());
    }

    private static Run eval(String... args) {
        StringWriter err = new StringWriter();
        return new Run(CommandRunner.run("gim-eval", new GimEval(), new PrintWriter(err, true), args), err.toString());
    }

    @Test
    void helpSucceeds() {
        assertEquals(0, compile("--help").code());
        assertEquals(0, eval("--help").code());
    }

    @Test
    void missingRequiredOptionIsBadUsage() {
        Run r = compile("--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--data"), r.err());
    }

    @Test
    void missingDataDirectoryIsNamedOnOneLine() {
        Path missing = dir.resolve("nowhere");
        Run r = compile("--data", missing.toString(), "--out", dir.resolve("out").toString(), "--steps", "0");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("gim-compile: " + missing), r.err());
    }

    @Test
    void unknownPresetAndModalityAreBadInput() {
        Run preset = compile("--data", dir.toString(), "--out", dir.toString(), "--preset", "huge");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("unknown audio preset 'huge'"), preset.err());
        Run modality = compile("--data", dir.toString(), "--out", dir.toString(), "--modality", "text", "--preset", "demo");
        assertEquals(2, modality.code());
    }

    @Test
    void evalOfADirectoryWithoutManifestNamesTheFile() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Run r = eval("--artifact", dir.resolve("empty").toString(), "--data", dir.toString(), "--task", "speaker",
                "--out", dir.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("manifest.json: not found"), r.err());
        Run task = eval("--artifact", dir.toString(), "--data", dir.toString(), "--task", "poetry", "--out", dir.toString());
        assertEquals(2, task.code());
        assertTrue(task.err().contains("expected speaker, phone or image"), task.err());
    }
}
