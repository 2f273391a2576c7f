package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad endpoints, ids and api-versions get one line naming the option as typed and what to change. */
@Timeout(30)
class InputMessagesTest {

    private static final String KEY = "input-secret-6a3c";
    private static final Cli CLI = new Cli(Map.of("FT_KEY", KEY), List.of(KEY, "sk-SECRET-0123"));

    private static FineTuningEmulator emulator;
    private static String job;

    @BeforeAll
    static void start() {
        emulator = FineTuningEmulator.builder().apiKey(KEY).build().start();
        job = emulator.seedJob(JobSeed.running());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Cli.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--endpoint")) {
            all.addAll(List.of("--endpoint", emulator.baseUrl()));
        }
        all.addAll(List.of("--api-key-env", "FT_KEY"));
        return CLI.run(all.toArray(String[]::new));
    }

    @Test
    void aPortOutOfRangeIsNamedWithTheOptionNotAJavaMessage() {
        Cli.Run run = run("get", job, "--endpoint", "http://127.0.0.1:99999");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip())
                .isEqualTo("error: --endpoint: port 99999 is out of range; a port is 1 to 65535, e.g."
                        + " https://<resource>.openai.azure.com");
    }

    @Test
    void aShortIpAddressIsQuotedWithWhatToWriteInstead() {
        Cli.Run run = run("get", job, "--endpoint", "http://127.1:8091");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: --endpoint: '127.1:8091' is not a host name or IP address this client can read;"
                        + " write an IP address in full (e.g. 127.0.0.1, not 127.1)")
                .doesNotContain("has no host name");
    }

    @Test
    void controlCharactersAtTheEndsOfAJobIdAreRefusedNotStripped() {
        for (String id : List.of(job + "\n", "\t" + job, job + "\u0007")) {
            Cli.Run run = run("get", id);

            assertThat(run.exitCode()).as("%s", id.codePoints().toArray()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).startsWith("error: JOB_ID: '").contains("is not a fine-tuning job id");
        }
        assertThat(run("get", " " + job + " ").exitCode())
                .as("spaces are forgiven")
                .isZero();
    }

    @Test
    void aBadEventCursorIsCalledAnEventId() {
        Cli.Run run = run("events", job, "--after", "bad/id");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: --after: 'bad/id' is not a fine-tuning event id")
                .doesNotContain("job id");
    }

    @Test
    void helpForAnUnknownWordDoesNotRepeatIt() {
        Cli.Run run = CLI.run("help", "sk-SECRET-0123");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: unknown command (not repeated here, in case it is a secret); the commands are"
                        + " pause, resume");
    }

    @Test
    void theHelpFooterDoesNotSplitTheTokenOption() {
        String help = CLI.run("--help").out();

        assertThat(help).contains("or --token-env NAME (an Entra ID token).");
        assertThat(help.lines()).allMatch(line -> line.length() <= 80);
    }

    @Test
    void aDatedApiVersionMustBeARealDate() {
        Cli.Run run = run("get", job, "--api-version", "2025-13-45");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: --api-version: '2025-13-45' is not a real date; a dated version is"
                        + " year-month-day, such as '2025-04-01-preview'");
        assertThat(run("get", job, "--api-version", "2025-02-30-preview").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnknownDatedApiVersionIsSentWithAWarningSayingWhereTheListComesFrom() {
        Cli.Run unknown = run("get", job, "--api-version", "2024-10-21");

        assertThat(unknown.exitCode()).as(unknown.err()).isZero(); // the emulator serves any real dated version
        assertThat(unknown.err())
                .contains("warning: api-version 2024-10-21 is not one this client knows to serve the fine-tuning"
                        + " routes (known: v1, preview, 2025-04-01-preview, from Azure's published API"
                        + " specifications); it is sent as given");

        Cli.Run known = run("get", job, "--api-version", "2025-04-01-preview");
        assertThat(known.exitCode()).as(known.err()).isZero();
        assertThat(known.err()).doesNotContain("warning");
    }
}
