package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code checkpoints} and {@code events --follow} against an emulator whose jobs train in real time, fast. */
@Timeout(60)
class FollowAndCheckpointsTest {

    private static final String KEY = "follow-secret-key-91c2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FineTuningEmulator emulator;
    private static final Cli CLI = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));

    @BeforeAll
    static void startEmulator() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .stepDuration(Duration.ofMillis(20))
                .build()
                .start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static Cli.Run run(String command, String... args) {
        List<String> all =
                new ArrayList<>(List.of(command, "--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        all.addAll(List.of(args));
        return CLI.run(all.toArray(String[]::new));
    }

    private static String trainedJob() {
        return emulator.seedJob(JobSeed.withStatus("succeeded")
                .validationFile("file-val")
                .totalSteps(40)
                .checkpointInterval(10));
    }

    @Test
    void checkpointsAsATableNewestFirstWithTheirLosses() {
        String id = trainedJob();

        Cli.Run run = run("checkpoints", id, "-o", "table");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("ID")
                .contains(
                        "STEP",
                        "CREATED_AT",
                        "TRAIN_LOSS",
                        "VALID_LOSS",
                        "FULL_VALID_LOSS",
                        "FINE_TUNED_MODEL_CHECKPOINT");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1))
                .matches("ftckpt-\\w+ +40 +\\S+ +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4} +.*:ckpt-step-40");
        assertThat(lines.get(4)).contains(":ckpt-step-10");
    }

    @Test
    void checkpointsAsJsonKeepEveryFieldAndMetric() throws IOException {
        String id = trainedJob();

        JsonNode array = JSON.readTree(run("checkpoints", id).out());
        assertThat(array).hasSize(4);
        assertThat(array.get(0).path("object").asText()).isEqualTo("fine_tuning.job.checkpoint");
        assertThat(array.get(0).path("step_number").asInt()).isEqualTo(40);
        assertThat(array.get(0)
                        .path("metrics")
                        .path("full_valid_mean_token_accuracy")
                        .isNumber())
                .isTrue();
        assertThat(run("checkpoints", id, "-o", "jsonl").out().lines()).hasSize(4);
    }

    @Test
    void checkpointsPastMaxFailAndABadMaxIsAUsageError() {
        String id = trainedJob();

        Cli.Run capped = run("checkpoints", id, "--max", "3");
        assertThat(capped.exitCode()).isEqualTo(ExitCodes.AZURE_ERROR);
        assertThat(capped.err()).contains("Azure still said more follow after 3");
        assertThat(capped.out()).isEmpty();
        Cli.Run bad = run("checkpoints", id, "--max", "0");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--max: must be between 1 and 10000, got 0");
        assertThat(run("checkpoints", "ftjob-nosuchjob").exitCode()).isEqualTo(ExitCodes.AZURE_ERROR);
    }

    @Test
    void followPrintsEachEventOnceInOrderUntilTheJobSucceeds() throws IOException {
        String id = emulator.seedJob(
                JobSeed.running().totalSteps(50).eventInterval(5).checkpointInterval(25));

        Cli.Run run = run("events", id, "--follow", "--poll-interval", "0.15", "-o", "table");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> printed = run.out().lines().toList();
        List<String> expected = new ArrayList<>();
        JSON.readTree(run("events", id, "--limit", "100").out())
                .forEach(event -> expected.add(
                        0,
                        event.path("level").asText() + " "
                                + event.path("message").asText()));
        assertThat(printed).hasSameSizeAs(expected);
        for (int i = 0; i < printed.size(); i++) {
            assertThat(printed.get(i)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .*").endsWith(expected.get(i));
        }
        assertThat(printed.get(printed.size() - 1)).endsWith("info Fine-tuning job successfully completed.");
        assertThat(printed).filteredOn(line -> line.contains(" Step ")).hasSize(10);
        assertThat(run.err())
                .contains("Following the events of fine-tuning job " + id + " every 0.15 s until it ends")
                .contains("Fine-tuning job " + id + " succeeded: gpt-4o-mini.ft-");
    }

    @Test
    void followAsJsonlIsOneEventObjectPerLine() throws IOException {
        String id = emulator.seedJob(JobSeed.running().totalSteps(20).eventInterval(5));

        Cli.Run run = run("events", id, "-f", "--poll-interval", "0.1", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.path("object").asText()).isEqualTo("fine_tuning.job.event");
            ids.add(event.path("id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(4);
    }

    @Test
    void followEndsWithExitFiveWhenTheJobFailsAndShowsAzuresTextSafely() {
        String id = emulator.seedJob(
                JobSeed.running().totalSteps(30).failAtStep(10).failureMessage("Out\u001b[2J of\nmemory\u202e."));

        Cli.Run run = run("events", id, "--follow", "--poll-interval", "0.1", "-o", "table");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
        assertThat(run.out()).doesNotContain("\u001b", "\u202e");
        assertThat(run.out().lines().toList().get((int) run.out().lines().count() - 1))
                .contains("error Training failed at step 10/30: Out of\\u000amemory\\u202e.");
        assertThat(run.err())
                .contains(
                        "error: fine-tuning job " + id + " ended in status 'failed', not 'succeeded' (trainingFailed:")
                .doesNotContain("\u001b");

        Cli.Run table = run("events", id, "-o", "table");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .doesNotContain("\u001b", "\u202e")
                .contains("Training failed at step 10/30: Out of memory\\u202e.");
    }

    @Test
    void followStopsAtItsTimeoutWithExitFive() {
        String id = emulator.seedJob(JobSeed.running().totalSteps(100_000));

        Cli.Run run = run("events", id, "--follow", "--poll-interval", "0.1", "--timeout", "0.5");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.WAIT_TIMED_OUT);
        assertThat(run.err())
                .contains(
                        "Timed out after 0.5 s following fine-tuning job '" + id + "'; its last status was 'running'");
        assertThat(run.out().lines()).isNotEmpty();
    }

    @Test
    void anInterruptedFollowExits130() throws Exception {
        String id = emulator.seedJob(JobSeed.running().totalSteps(100_000));
        Cli.Run[] result = new Cli.Run[1];
        Thread runner = new Thread(() -> result[0] = run("events", id, "--follow", "--poll-interval", "0.2"));
        runner.start();
        Thread.sleep(700); // during a poll's calls or its sleep: the outcome is the same
        runner.interrupt();
        runner.join(20_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(result[0].exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(result[0].err())
                .contains("Interrupted while following fine-tuning job '" + id + "'")
                .doesNotContain("was abandoned");
    }

    @Test
    void anInterruptDuringTheFirstCallStillSaysTheFollowWasInterrupted() throws Exception {
        String id = emulator.seedJob(JobSeed.running().totalSteps(100_000));
        Thread.currentThread().interrupt(); // already set when the first request goes out
        Cli.Run run;
        try {
            run = run("events", id, "--follow", "--poll-interval", "0.2");
        } finally {
            Thread.interrupted();
        }

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(run.err()).contains("Interrupted while following fine-tuning job '" + id + "'");
    }

    @Test
    void aBoundPerLookPrintsTheNewestAndSaysOlderOnesWereSkipped() {
        String id = emulator.seedJob(
                JobSeed.withStatus("succeeded").totalSteps(40).eventInterval(1).checkpointInterval(40));

        Cli.Run run = run("events", id, "--follow", "--max-per-poll", "5", "-o", "table");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(5);
        assertThat(run.out().lines().toList().get(4)).endsWith("Job seeded by the emulator with status 'succeeded'.");
        assertThat(run.err()).contains("More than 5 new events since the last look: older ones were skipped");
    }

    @Test
    void followOptionsAreChecked() {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run withLimit = run("events", id, "--follow", "--limit", "5");
        assertThat(withLimit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withLimit.err()).contains("--after and --limit list one page");
        Cli.Run badBound = run("events", id, "--follow", "--max-per-poll", "1001");
        assertThat(badBound.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBound.err()).contains("--max-per-poll: must be between 1 and 1000, got 1001");
        Cli.Run badInterval = run("events", id, "--follow", "--poll-interval", "0");
        assertThat(badInterval.exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Run withoutFollow = run("events", id, "--poll-interval", "3");
        assertThat(withoutFollow.exitCode()).isZero();
        assertThat(withoutFollow.err()).contains("warning: --poll-interval has no effect without --follow");
    }
}
