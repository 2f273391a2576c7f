package io.jenkins.plugins.finetune.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar foundry-fine-tuning-cli.jar <command> ...}: the command line front end on the
 * fine-tuning client, for cron jobs and shells outside Jenkins. Results go to stdout (JSON or a
 * table), progress and errors to stderr, and the exit code says what happened ({@link ExitCodes}).
 */
@Command(
        name = "foundry-fine-tuning",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand too
        versionProvider = VersionProvider.class,
        description = "Pause, resume, cancel and inspect Azure AI Foundry fine-tuning jobs.",
        subcommands = {
            PauseCommand.class,
            ResumeCommand.class,
            CancelCommand.class,
            GetCommand.class,
            PauseJobsCommand.class,
            ResumeJobsCommand.class,
            ListCommand.class,
            EventsCommand.class,
            CheckpointsCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nSecrets come from environment variables only, never from arguments:%n",
        // Two short lines: picocli wraps at 80 columns, which split "(Entra ID token)" in the middle.
        footer = {"  --api-key-env NAME (default AZURE_OPENAI_API_KEY),", "  or --token-env NAME (an Entra ID token)."})
public final class FoundryCli implements Callable<Integer> {

    private final Function<String, String> env;

    @Spec
    private CommandSpec spec;

    /** @param env where environment variables are read (System::getenv outside tests) */
    public FoundryCli(Function<String, String> env) {
        this.env = env;
    }

    Function<String, String> env() {
        return env;
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "name a command: pause, resume, cancel, get, pause-jobs, resume-jobs, list, events, checkpoints or demo");
    }

    /** The configured command line: subcommands, exit codes and one-line error reporting. */
    public static CommandLine commandLine(Function<String, String> env) {
        CommandLine cli = new CommandLine(new FoundryCli(env));
        ErrorReporter errors = new ErrorReporter();
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        withExitCodes(cli);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return cli;
    }

    /** Every command's --help ends with the same table. */
    private static void withExitCodes(CommandLine command) {
        command.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading(ExitCodes.HEADING)
                .exitCodeList(ExitCodes.table());
        command.getSubcommands().values().forEach(FoundryCli::withExitCodes);
    }

    // The command-line tool's process entry point, never loaded by Jenkins: its exit code is its answer to the
    // shell (the table above), which only System.exit can give.
    @SuppressWarnings("lgtm[jenkins/unsafe-calls]")
    public static void main(String[] args) {
        int code;
        try (InterruptOnExit interrupt = InterruptOnExit.forCurrentThread()) {
            code = commandLine(System::getenv).execute(args);
        }
        System.exit(code);
    }
}
