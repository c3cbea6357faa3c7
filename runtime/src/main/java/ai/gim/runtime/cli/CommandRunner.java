package ai.gim.runtime.cli;

import ai.gim.models.InvalidInputException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Runs a picocli command with gim's exit codes: 0 on success, 2 on bad usage or bad input (one line
 * naming the file or option and what was wrong), 1 on an internal failure (with its stack trace).
 */
public final class CommandRunner {

    public static final int OK = 0;
    public static final int INTERNAL_FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private CommandRunner() {
    }

    public static int run(String name, Object command, String... args) {
        return run(name, command, new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String, Object, String...)}, with errors and usage messages written to {@code err}. */
    public static int run(String name, Object command, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof InvalidInputException || e instanceof CommandLine.ParameterException
                ? BAD_INPUT : INTERNAL_FAILURE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (!(cause instanceof InvalidInputException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof InvalidInputException) {
                commandLine.getErr().println(name + ": " + cause.getMessage());
                return BAD_INPUT;
            }
            commandLine.getErr().println(name + ": internal failure: " + e);
            e.printStackTrace(commandLine.getErr());
            return INTERNAL_FAILURE;
        });
        return cli.execute(args);
    }
}
