package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * pause-jobs/resume-jobs say what they do: --job-id stands alone, a timed-out wait reports the last status
 * seen, --timeout is one option with one rule, and the messages use the names the user typed.
 */
@Timeout(60)
class BulkRulesTest {

    private static final String KEY = "bulk-rules-secret-2e9a";

    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private FineTuningEmulator emulator;
    private String running;
    private String paused;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofSeconds(30)) // stays 'pausing' for longer than any wait here
                .build()
                .start();
        running = emulator.seedJob(JobSeed.running().model("gpt-4o-mini"));
        paused = emulator.seedJob(JobSeed.withStatus("paused"));
        emulator.clearRequests();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Cli.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void jobIdWithAFilterIsRefusedBeforeAnythingIsSent() {
        for (String[] filter : List.of(
                new String[] {"--model", "other"},
                new String[] {"--status", "paused"},
                new String[] {"--suffix", "x"},
                new String[] {"--metadata", "k=v"})) {
            Cli.Run run = run("pause-jobs", "--job-id", running, filter[0], filter[1], "--dry-run");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err())
                    .startsWith("error: --job-id: cannot be combined with " + filter[0]
                            + "; the listed jobs are acted on whatever their status, suffix, model or metadata,"
                            + " so give either the ids or a selection");
            assertThat(run.out()).doesNotContain("would_pause");
        }
        assertThat(emulator.requests()).as("nothing sent").isEmpty();
    }

    @Test
    void jobIdAloneStillActsOnTheListedJobs() {
        Cli.Run run = run("pause-jobs", "--job-id", running, "--dry-run", "-o", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"outcome\":\"would_pause\"");
    }

    @Test
    void aTimedOutWaitReportsTheLastStatusSeenNotTheListedOne() throws Exception {
        for (boolean byId : List.of(false, true)) {
            String id = emulator.seedJob(JobSeed.running().suffix(byId ? "by-id" : "listed"));
            Cli.Run run = byId
                    ? run("pause-jobs", "--job-id", id, "--wait", "--timeout", "0.5", "-o", "jsonl")
                    : run("pause-jobs", "--suffix", "listed", "--wait", "--timeout", "0.5", "-o", "jsonl");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
            JsonNode outcome =
                    new ObjectMapper().readTree(run.out().lines().findFirst().orElseThrow());
            assertThat(outcome.path("id").asText()).isEqualTo(id);
            assertThat(outcome.path("outcome").asText()).isEqualTo("failed");
            assertThat(outcome.path("status").asText()).as("byId=%s", byId).isEqualTo("pausing");
            assertThat(outcome.path("error").asText()).contains("its last status was 'pausing'");
        }
    }

    @Test
    void theTableShowsTheLastStatusAfterATimedOutWaitOnAnId() {
        Cli.Run run = run("pause-jobs", "--job-id", running, "--wait", "--timeout", "0.5", "-o", "table");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
        assertThat(run.out().lines().filter(line -> line.startsWith(running)))
                .singleElement()
                .asString()
                .contains("pausing")
                .doesNotContain(" - ");
    }

    @Test
    void timeoutHasOneRuleAndOneWordingForEveryCommand() {
        for (String command : List.of("pause", "pause-jobs")) {
            List<String> target = command.equals("pause") ? List.of(running) : List.of("--job-id", running);
            for (String bad : List.of("0", "-1", "86401", "soon")) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(target);
                args.addAll(List.of("--wait", "--timeout", bad));
                Cli.Run run = run(args.toArray(String[]::new));

                assertThat(run.exitCode()).as("%s --timeout %s", command, bad).isEqualTo(ExitCodes.USAGE);
                assertThat(run.err())
                        .startsWith("error: Invalid value for option '--timeout': '" + bad + "' ")
                        .containsAnyOf(
                                "must be greater than 0 and at most 86400 seconds", "is not a number of seconds");
            }
        }
        assertThat(emulator.requests()).as("nothing sent").isEmpty();
    }

    @Test
    void aFractionalTimeoutIsAcceptedByTheBulkCommandsToo() {
        Cli.Run run = run("pause-jobs", "--job-id", running, "--wait", "--timeout", "0.3", "-o", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
        assertThat(run.err()).contains("Timed out after 300 ms").doesNotContain("is not an int");
    }

    @Test
    void timeoutWithoutWaitWarnsThatItHasNoEffect() {
        Cli.Run single = run("pause", paused, "--timeout", "10", "--poll-interval", "1", "--no-fail-if-not-eligible");
        assertThat(single.exitCode()).as(single.err()).isZero();
        assertThat(single.err())
                .contains("warning: --timeout has no effect without --wait; it was ignored")
                .contains("warning: --poll-interval has no effect without --wait; it was ignored");

        Cli.Run bulk = run("pause-jobs", "--job-id", paused, "--timeout", "10");
        assertThat(bulk.err()).contains("warning: --timeout has no effect without --wait; it was ignored");

        Cli.Run waited = run("pause-jobs", "--job-id", paused, "--wait", "--timeout", "10");
        assertThat(waited.err()).doesNotContain("warning:");
    }

    @Test
    void noSelectorDoesNotBlameAnOptionTheUserNeverTyped() {
        Cli.Run run = run("pause-jobs");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("error: no jobs were selected, so this would pause every running job");
    }

    @Test
    void anEmptyIdBetweenCommasIsNamedAsSuch() {
        Cli.Run run = run("pause-jobs", "--job-id", running + ",," + paused);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: --job-id: has an empty entry (two commas in a row, or one at an end?)")
                .doesNotContain("is required");
    }

    @Test
    void suffixAndSuffixRegexAreRefusedInTheCommandLinesWords() {
        Cli.Run run = run("pause-jobs", "--suffix", "a", "--suffix-regex", "a.*");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("error: --suffix-regex: give either --suffix (a prefix) or --suffix-regex (a regular"
                        + " expression), not both")
                .doesNotContain("suffixRegex");
    }

    @Test
    void aDryRunSaysAlreadyPausedInTheRealRunsWords() {
        Cli.Run dry = run("pause-jobs", "--job-id", paused, "--dry-run");
        Cli.Run real = run("pause-jobs", "--job-id", paused);

        String line = "Fine-tuning job " + paused + ": already paused; nothing to pause";
        assertThat(dry.err()).contains(line).doesNotContain("already_paused (status");
        assertThat(real.err()).contains(line);
    }
}
