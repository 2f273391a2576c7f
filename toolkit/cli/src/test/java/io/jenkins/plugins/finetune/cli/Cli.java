package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process, as {@code main} would, with stdout and stderr captured and a fake environment. */
final class Cli {

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    private final Map<String, String> env;
    private final List<String> secrets;

    /** @param secrets values from {@code env} that no run may ever print */
    Cli(Map<String, String> env, List<String> secrets) {
        this.env = env;
        this.secrets = secrets;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FoundryCli.commandLine(env::get);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        Run run = new Run(code, out.toString(), err.toString());
        for (String secret : secrets) {
            assertThat(run.out()).as("stdout of %s", List.of(args)).doesNotContain(secret);
            assertThat(run.err()).as("stderr of %s", List.of(args)).doesNotContain(secret);
        }
        assertThat(run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        return run;
    }
}
