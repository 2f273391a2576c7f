package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The training model: steps advance with running time only, metrics events and checkpoints at the seeded
 * intervals and at pauses, success or a seeded failure at the end, all the same for the same seed. Every answer
 * is checked against the official schema by {@link Api}.
 */
class TrainingTest {
    private final ManualClock clock = new ManualClock();
    private final List<FineTuningEmulator> emulators = new ArrayList<>();

    private Api start(ManualClock clock) {
        FineTuningEmulator emu = FineTuningEmulator.builder()
                .apiKey("k")
                .clock(clock)
                .stepDuration(Duration.ofSeconds(1))
                .pauseDelay(Duration.ZERO)
                .resumeDelay(Duration.ZERO)
                .build()
                .start();
        emulators.add(emu);
        return new Api(emu, "k");
    }

    private FineTuningEmulator emu() {
        return emulators.get(0);
    }

    @AfterEach
    void stop() {
        emulators.forEach(FineTuningEmulator::close);
    }

    @Test
    void aRunningJobWritesStepEventsAndCheckpointsWithMetricsAtItsIntervals() {
        Api api = start(clock);
        String id = emu().seedJob(JobSeed.running()
                .validationFile("file-val")
                .totalSteps(100)
                .eventInterval(10)
                .checkpointInterval(25));

        clock.advance(Duration.ofSeconds(50).minusMillis(1));
        assertThat(emu().job(id).trainedSteps()).isEqualTo(49);
        assertThat(checkpoints(api, id))
                .extracting(c -> c.path("step_number").asInt())
                .containsExactly(25);
        clock.advance(Duration.ofMillis(1));

        assertThat(emu().job(id).trainedSteps()).isEqualTo(50);
        assertThat(emu().job(id).status()).isEqualTo("running");
        List<JsonNode> metricsEvents = events(api, id).stream()
                .filter(e -> e.path("type").asText().equals("metrics"))
                .toList();
        assertThat(metricsEvents)
                .extracting(e -> e.path("data").path("step").asInt())
                .containsExactly(50, 40, 30, 20, 10); // newest first
        JsonNode step50 = metricsEvents.get(0);
        assertThat(step50.path("message").asText())
                .matches("Step 50/100: training loss=\\d\\.\\d\\d, validation loss=\\d\\.\\d\\d");
        assertThat(step50.path("data").path("total_steps").asInt()).isEqualTo(100);
        assertThat(step50.path("created_at").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(step50.path("message").asText())
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "training loss=%.2f",
                        step50.path("data").path("train_loss").floatValue()));

        List<JsonNode> checkpoints = checkpoints(api, id);
        assertThat(checkpoints).extracting(c -> c.path("step_number").asInt()).containsExactly(50, 25);
        JsonNode checkpoint = checkpoints.get(0);
        assertThat(checkpoint.path("fine_tuned_model_checkpoint").asText())
                .isEqualTo("gpt-4o-mini.ft-" + id.substring(6) + ":ckpt-step-50");
        assertThat(checkpoint.path("fine_tuning_job_id").asText()).isEqualTo(id);
        JsonNode metrics = checkpoint.path("metrics");
        assertThat(metrics.path("step").asDouble()).isEqualTo(50.0);
        for (String field : List.of(
                "train_loss",
                "train_mean_token_accuracy",
                "valid_loss",
                "valid_mean_token_accuracy",
                "full_valid_loss",
                "full_valid_mean_token_accuracy")) {
            assertThat(metrics.path(field).isNumber()).as(field).isTrue();
        }
        assertThat(metrics.path("train_mean_token_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(events(api, id))
                .extracting(e -> e.path("message").asText())
                .contains("Checkpoint created at step 25.", "Checkpoint created at step 50.");
    }

    @Test
    void lossFallsAsTrainingGoesOn() {
        Api api = start(clock);
        String id = emu().seedJob(JobSeed.running()
                .validationFile("file-val")
                .totalSteps(1000)
                .checkpointInterval(100));
        clock.advance(Duration.ofSeconds(1000));

        List<JsonNode> oldestFirst = new ArrayList<>(checkpoints(api, id));
        java.util.Collections.reverse(oldestFirst);
        assertThat(oldestFirst).hasSize(10);
        double first = oldestFirst.get(0).path("metrics").path("train_loss").asDouble();
        double last = oldestFirst.get(9).path("metrics").path("train_loss").asDouble();
        assertThat(last).isLessThan(first - 0.8);
        assertThat(oldestFirst.get(9).path("metrics").path("full_valid_loss").asDouble())
                .isLessThan(oldestFirst
                        .get(0)
                        .path("metrics")
                        .path("full_valid_loss")
                        .asDouble());
        assertThat(oldestFirst
                        .get(9)
                        .path("metrics")
                        .path("train_mean_token_accuracy")
                        .asDouble())
                .isGreaterThan(oldestFirst
                        .get(0)
                        .path("metrics")
                        .path("train_mean_token_accuracy")
                        .asDouble());
    }

    @Test
    void withoutAValidationFileThereAreNoValidationMetrics() {
        Api api = start(clock);
        String id = emu().seedJob(JobSeed.running().totalSteps(10).checkpointInterval(5));
        clock.advance(Duration.ofSeconds(5));

        JsonNode metrics = checkpoints(api, id).get(0).path("metrics");
        assertThat(metrics.has("train_loss")).isTrue();
        assertThat(metrics.has("valid_loss")).isFalse();
        assertThat(metrics.has("full_valid_loss")).isFalse();
        assertThat(events(api, id).get(0).path("message").asText()).doesNotContain("validation");
    }

    @Test
    void theLastStepSucceedsAsAzureDoes() {
        Api api = start(clock);
        String id =
                emu().seedJob(JobSeed.running().suffix("night").totalSteps(100).checkpointInterval(30));
        long startSecond = clock.instant().getEpochSecond();
        assertThat(api.get(Api.V1 + "/" + id).json().path("estimated_finish").asLong())
                .isEqualTo(startSecond + 100);
        clock.advance(Duration.ofSeconds(99));
        assertThat(api.get(Api.V1 + "/" + id).jobStatus()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(1));

        JsonNode job = api.get(Api.V1 + "/" + id).json();
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(job.path("finished_at").asLong()).isEqualTo(startSecond + 100);
        assertThat(job.path("fine_tuned_model").asText()).isEqualTo("gpt-4o-mini.ft-" + id.substring(6) + "-night");
        assertThat(job.path("trained_tokens").asLong()).isEqualTo(100_000);
        assertThat(job.path("result_files")).hasSize(1);
        assertThat(job.path("error").isNull()).isTrue();
        assertThat(job.path("estimated_finish").isNull()).isTrue();
        // checkpoints every 30 steps and at the last one
        assertThat(checkpoints(api, id))
                .extracting(c -> c.path("step_number").asInt())
                .containsExactly(100, 90, 60, 30);
        List<JsonNode> events = events(api, id);
        assertThat(events.get(0).path("message").asText()).isEqualTo("Fine-tuning job successfully completed.");
        assertThat(events.get(0).path("data").path("status").asText()).isEqualTo("succeeded");
        assertThat(events.get(1).path("message").asText())
                .isEqualTo("New fine-tuned model created: "
                        + job.path("fine_tuned_model").asText());

        clock.advance(Duration.ofHours(1));
        assertThat(emu().job(id).eventCount()).isEqualTo(events.size()); // nothing after the end
        assertThat(emu().job(id).trainedSteps()).isEqualTo(100);
    }

    @Test
    void aSeededFailureEndsTheRunWithAzuresErrorObject() {
        Api api = start(clock);
        String id = emu().seedJob(JobSeed.running()
                .totalSteps(100)
                .checkpointInterval(25)
                .failAtStep(30)
                .failureMessage("Out of memory at step 30."));
        long startSecond = clock.instant().getEpochSecond();
        clock.advance(Duration.ofMinutes(10));

        JsonNode job = api.get(Api.V1 + "/" + id).json();
        assertThat(job.path("status").asText()).isEqualTo("failed");
        assertThat(job.path("finished_at").asLong()).isEqualTo(startSecond + 30);
        assertThat(job.path("error").path("code").asText()).isEqualTo("trainingFailed");
        assertThat(job.path("error").path("message").asText()).isEqualTo("Out of memory at step 30.");
        assertThat(job.path("error").path("param").isNull()).isTrue();
        assertThat(job.path("fine_tuned_model").isNull()).isTrue();
        assertThat(job.path("trained_tokens").isNull()).isTrue();
        assertThat(checkpoints(api, id))
                .extracting(c -> c.path("step_number").asInt())
                .containsExactly(25);
        JsonNode last = events(api, id).get(0);
        assertThat(last.path("level").asText()).isEqualTo("error");
        assertThat(last.path("message").asText())
                .isEqualTo("Training failed at step 30/100: Out of memory at step 30.");
        assertThat(api.post(Api.V1 + "/" + id + "/pause").status()).isEqualTo(400);
    }

    @Test
    void aPausedJobDoesNotTrainAndItsPauseSavesACheckpointWithMetrics() {
        Api api = start(clock);
        String id = emu().seedJob(
                        JobSeed.running().totalSteps(100).eventInterval(10).checkpointInterval(50));
        clock.advance(Duration.ofSeconds(37));
        assertThat(api.post(Api.V1 + "/" + id + "/pause").jobStatus()).isEqualTo("paused");
        int eventsWhenPaused = emu().job(id).eventCount();

        clock.advance(Duration.ofHours(5));
        assertThat(emu().job(id).status()).isEqualTo("paused");
        assertThat(emu().job(id).trainedSteps()).isEqualTo(37);
        assertThat(emu().job(id).eventCount()).isEqualTo(eventsWhenPaused);
        JsonNode checkpoint = checkpoints(api, id).get(0);
        assertThat(checkpoint.path("step_number").asInt()).isEqualTo(37);
        assertThat(checkpoint.path("metrics").path("train_loss").isNumber()).isTrue();
        assertThat(api.get(Api.V1 + "/" + id).json().path("estimated_finish").isNull())
                .isTrue();

        api.post(Api.V1 + "/" + id + "/resume");
        long resumedSecond = clock.instant().getEpochSecond();
        assertThat(api.get(Api.V1 + "/" + id).json().path("estimated_finish").asLong())
                .isEqualTo(resumedSecond + 63);
        clock.advance(Duration.ofSeconds(13));
        assertThat(emu().job(id).trainedSteps()).isEqualTo(50);
        assertThat(checkpoints(api, id))
                .extracting(c -> c.path("step_number").asInt())
                .containsExactly(50, 37);
        clock.advance(Duration.ofSeconds(50));
        assertThat(emu().job(id).status()).isEqualTo("succeeded");
    }

    @Test
    void theSameSeedTrainsTheSameAndAnotherSeedDifferently() {
        ManualClock otherClock = new ManualClock();
        ManualClock thirdClock = new ManualClock();
        Api first = start(clock);
        Api second = start(otherClock);
        Api third = start(thirdClock);
        String body = "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-t\",\"validation_file\":\"file-v\","
                + "\"seed\":%d}";
        String a = first.post(Api.V1, body.formatted(7)).json().path("id").asText();
        String b = second.post(Api.V1, body.formatted(7)).json().path("id").asText();
        String c = third.post(Api.V1, body.formatted(8)).json().path("id").asText();
        for (ManualClock each : List.of(clock, otherClock, thirdClock)) {
            each.advance(Duration.ofSeconds(2 + 400)); // validating, queued, then 400 steps
        }

        assertThat(trainingRecord(first, a))
                .isEqualTo(trainingRecord(second, b))
                .isNotEmpty();
        assertThat(trainingRecord(third, c)).isNotEqualTo(trainingRecord(first, a));
        assertThat(trainingRecord(third, c).size())
                .isEqualTo(trainingRecord(first, a).size());
    }

    @Test
    void aJobSeededSucceededHasItsWholeRunBehindIt() {
        Api api = start(clock);
        String id =
                emu().seedJob(JobSeed.withStatus("succeeded").totalSteps(200).checkpointInterval(50));

        assertThat(checkpoints(api, id))
                .extracting(c -> c.path("step_number").asInt())
                .containsExactly(200, 150, 100, 50);
        JsonNode job = api.get(Api.V1 + "/" + id).json();
        assertThat(job.path("trained_tokens").asLong()).isEqualTo(200_000);
        assertThat(emu().job(id).trainedSteps()).isEqualTo(200);
        String seededPastItsFailure = emu().seedJob(JobSeed.withStatus("succeeded")
                .totalSteps(200)
                .checkpointInterval(50)
                .failAtStep(70));
        assertThat(checkpoints(api, seededPastItsFailure)).hasSize(4);
    }

    @Test
    void trainingDurationStillSetsTheWholeRun() {
        FineTuningEmulator emu = FineTuningEmulator.builder()
                .apiKey("k")
                .clock(clock)
                .trainingDuration(Duration.ofSeconds(10))
                .build()
                .start();
        emulators.add(emu);
        String id = emu.seedJob(JobSeed.running().totalSteps(1000));
        clock.advance(Duration.ofSeconds(5));
        assertThat(emu.job(id).trainedSteps()).isEqualTo(500);
        clock.advance(Duration.ofSeconds(5));
        assertThat(emu.job(id).status()).isEqualTo("succeeded");
    }

    @Test
    void impossiblePlansAreRefusedWhenSeeded() {
        Api api = start(clock);
        assertThat(api).isNotNull();
        assertThatThrownBy(() -> emu().seedJob(JobSeed.running().totalSteps(10).failAtStep(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failAtStep must be from 1 to 10, not 11");
        assertThatThrownBy(() -> emu().seedJob(JobSeed.running().totalSteps(0)))
                .hasMessage("totalSteps must be from 1 to 100000, not 0");
        assertThatThrownBy(() -> FineTuningEmulator.builder().stepDuration(Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Everything of a run but ids: messages, levels, data, checkpoint steps and metrics. */
    private static List<String> trainingRecord(Api api, String id) {
        List<String> record = new ArrayList<>();
        events(api, id).forEach(e -> {
            if (e.path("type").asText().equals("metrics")
                    || e.path("message").asText().startsWith("Checkpoint")) {
                record.add(e.path("message").asText() + " " + e.path("data"));
            }
        });
        checkpoints(api, id).forEach(c -> record.add(c.path("step_number") + " " + c.path("metrics")));
        return record;
    }

    /** Every event, newest first, through the pages. */
    private static List<JsonNode> events(Api api, String id) {
        return all(api, Api.V1 + "/" + id + "/events");
    }

    private static List<JsonNode> checkpoints(Api api, String id) {
        return all(api, Api.V1 + "/" + id + "/checkpoints");
    }

    private static List<JsonNode> all(Api api, String path) {
        List<JsonNode> items = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = api.get(path + "?limit=7" + (after == null ? "" : "&after=" + after))
                    .json();
            page.path("data").forEach(items::add);
            if (!page.path("has_more").asBoolean()) {
                return items;
            }
            after = page.path("data")
                    .get(page.path("data").size() - 1)
                    .path("id")
                    .asText();
        }
    }
}
