package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure becomes one line on stderr, {@code error: <message>}, and an exit code: never a
 * stack trace. The client's messages are written for people and hold no secret; ours neither.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        print(
                cli.getErr(),
                oneLine(ex.getMessage()) + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        int code = ExitCodes.of(ex);
        String message = oneLine(ex.getMessage());
        if (code == ExitCodes.SOFTWARE || message.isEmpty()) {
            // Not one of ours: name the type so a bug report says something, still without a trace.
            message = "unexpected " + ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        }
        if (code == ExitCodes.INTERRUPTED && !(ex instanceof FineTuningException)) {
            message = "interrupted";
        }
        print(cli.getErr(), message);
        return code;
    }

    private static void print(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
    }

    /** Messages may span lines (picocli's do); a log line must not. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
