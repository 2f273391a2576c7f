package io.jenkins.plugins.finetune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningApiException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every failure becomes one line on stderr and an exit code: {@code error: <message>}, or with an
 * explicit {@code -o json}/{@code -o jsonl} one JSON object on one line. Never a stack trace, never an
 * argument's value where it could be a secret; server text loses its control characters.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        String refusal = SecretArguments.refusal(args);
        String message = refusal != null ? refusal : parseProblem(ex);
        report(
                cli.getErr(),
                OutputFormat.explicitlyJson(args),
                ExitCodes.USAGE,
                message + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')",
                null);
        return ExitCodes.USAGE;
    }

    /** picocli's message, except that unmatched arguments are named by option name only, never by value. */
    private static String parseProblem(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)) {
            String message = oneLine(ex.getMessage());
            if (message.startsWith("Unknown subcommand")) {
                // picocli's help command quotes the word; like any unmatched argument it may be a secret.
                return "unknown command (not repeated here, in case it is a secret); the commands are "
                        + String.join(", ", ex.getCommandLine().getSubcommands().keySet());
            }
            return message;
        }
        StringBuilder names = new StringBuilder();
        int values = 0;
        for (String arg : unmatched.getUnmatched()) {
            String name = SecretArguments.optionName(arg);
            if (name == null) {
                values++;
            } else {
                names.append(names.length() == 0 ? "" : ", ").append(name);
            }
        }
        String others = values == 1 ? "1 argument" : values + " arguments";
        if (names.length() == 0) {
            return "unexpected " + others + " (not repeated here, in case it is a secret)";
        }
        String first = names.toString().split(", ")[0];
        List<String> suggestions =
                nearest(first, ex.getCommandLine().getCommandSpec().optionsMap().keySet());
        return "unknown option " + names + (values == 0 ? "" : " (and " + others + " not repeated here)")
                + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
    }

    /** The options sharing the longest start with a mistyped one (at least "--" and 4 more characters). */
    private static List<String> nearest(String typed, Collection<String> options) {
        int best = 6;
        List<String> found = new ArrayList<>();
        for (String option : options) {
            int common = 0;
            while (common < Math.min(typed.length(), option.length())
                    && typed.charAt(common) == option.charAt(common)) {
                common++;
            }
            if (common > best) {
                best = common;
                found.clear();
            }
            if (common == best) {
                found.add(option);
            }
        }
        return found.stream().sorted().limit(3).toList();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        int code = ExitCodes.of(ex);
        String message = oneLine(ex.getMessage());
        if (code == ExitCodes.USAGE && cli.getCommand() instanceof ClientCommand command) {
            message = OptionNames.spelled(message, command.optionNames());
        }
        if (code == ExitCodes.SOFTWARE || message.isEmpty()) {
            // Not one of ours: name the type so a bug report says something, still without a trace.
            message = "unexpected " + ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        }
        report(cli.getErr(), OutputFormat.explicitlyJson(parseResult.originalArgs()), code, message, ex);
        return code;
    }

    /** Writes one failure in the form the user asked for. */
    static void report(PrintWriter err, boolean json, int code, String message, Throwable cause) {
        String line = oneLine(message);
        if (json) {
            ObjectNode error = JSON.createObjectNode();
            error.put("exit_code", code).put("kind", kind(code)).put("message", line);
            if (cause instanceof FineTuningApiException api) {
                error.put("http_status", api.statusCode());
                putIfPresent(error, "azure_code", api.errorCode());
                putIfPresent(error, "request_id", api.requestId());
            }
            ObjectNode root = JSON.createObjectNode();
            root.set("error", error);
            err.println(root.toString());
        } else {
            err.println("error: " + line);
        }
        err.flush();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, oneLine(value));
        }
    }

    private static String kind(int code) {
        return switch (code) {
            case ExitCodes.USAGE -> "usage";
            case ExitCodes.AZURE_ERROR -> "azure_error";
            case ExitCodes.NO_ANSWER -> "no_answer";
            case ExitCodes.WAIT_TIMED_OUT -> "wait_timed_out";
            case ExitCodes.INTERRUPTED -> "interrupted";
            default -> "unexpected";
        };
    }

    /** One line without control characters: picocli's messages span lines, server text may hold escapes. */
    static String oneLine(String message) {
        return message == null ? "" : ConsoleText.sanitize(message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }
}
