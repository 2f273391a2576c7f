package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A typo in --status, or no selector at all, stops a bulk change before anything is sent. */
@Timeout(30)
class BulkSelectionSafetyTest {

    private static final String KEY = "selection-secret-4b1f";

    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private FineTuningEmulator emulator;
    private String running;
    private String paused;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder().apiKey(KEY).build().start();
        running = emulator.seedJob(JobSeed.running());
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
    void anUnknownStatusIsAUsageErrorListingTheKnownOnes() {
        Cli.Run run = run("pause-jobs", "--status", "runing");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: --status: 'runing' is not a fine-tuning job status; use validating_files, queued,"
                        + " running, pausing, paused, resuming, succeeded, failed, cancelled")
                .contains("--allow-unknown-status");
        assertThat(emulator.requests()).as("nothing sent").isEmpty();
    }

    @Test
    void anUnknownStatusIsAcceptedWhenAllowedAndSelectsWhatAzureSends() {
        Cli.Run run = run("pause-jobs", "--status", "finalizing", "--allow-unknown-status");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("[ ]");
        assertThat(emulator.job(running).status()).isEqualTo("running");
    }

    @Test
    void knownStatusesInAnyCaseAndListsAreAccepted() {
        Cli.Run run = run("resume-jobs", "--status", "PAUSED,paused", "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(paused, "would_resume").doesNotContain(running);
    }

    @Test
    void noSelectorNeedsAll() {
        Cli.Run refused = run("pause-jobs");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("error: no jobs were selected, so this would pause every running job of the resource;"
                        + " select jobs with --status, --suffix, --suffix-regex, --model, --metadata or --job-id,"
                        + " or pass --all if every one is meant");
        assertThat(emulator.requests()).as("nothing sent").isEmpty();
        assertThat(emulator.job(running).status()).isEqualTo("running");

        Cli.Run resume = run("resume-jobs", "--dry-run");
        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.err()).contains("every paused job");

        Cli.Run all = run("pause-jobs", "--all");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains(running).doesNotContain(paused);
        assertThat(emulator.job(running).status()).isIn("pausing", "paused");
    }

    @Test
    void allWithASelectorIsRefused() {
        Cli.Run run = run("pause-jobs", "--all", "--model", "gpt-4o-mini");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --all: cannot be combined with a selector");
    }

    @Test
    void theSelectionIsCheckedBeforeTheCredential() {
        Cli.Run run = cli.run("pause-jobs", "--endpoint", emulator.baseUrl(), "--api-key-env", "NOT_SET");

        assertThat(run.err()).startsWith("error: no jobs were selected");
    }

    @Test
    void metadataThatIsNotAPairIsAUsageErrorNamingTheOption() {
        Cli.Run run = run("pause-jobs", "--metadata", "pause_at_night");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --metadata: takes KEY=VALUE").doesNotContain("option option");
    }

    @Test
    void aSelectionBeyondMaxJobsStopsTheListingAndSaysHowToNarrowOrRaiseIt() {
        for (int i = 0; i < 5; i++) {
            emulator.seedJob(JobSeed.running());
        }
        emulator.clearRequests();

        Cli.Run run = run("pause-jobs", "--status", "running", "--max-jobs", "3", "--dry-run");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err())
                .contains("more than 3 jobs were selected (after 4 listed), the most one bulk pause may select")
                .contains("select fewer jobs with --status, --suffix, --suffix-regex, --model or --metadata, or raise"
                        + " --max-jobs (now 3)");
        assertThat(emulator.job(running).status()).isEqualTo("running");
    }

    @Test
    void maxJobsIsCheckedWithTheOtherArguments() {
        Cli.Run zero = run("pause-jobs", "--all", "--max-jobs", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).startsWith("error: --max-jobs: must be at least 1, got 0");

        Cli.Run ids = run("pause-jobs", "--job-id", "ftjob-a,ftjob-b,ftjob-c", "--max-jobs", "2");
        assertThat(ids.exitCode()).isEqualTo(2);
        assertThat(ids.err()).startsWith("error: --job-id: 3 ids given; one bulk change takes at most 2");
        assertThat(emulator.requests()).as("nothing sent").isEmpty();
    }
}
