package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job's life over (controlled) time: create, queue, run, pause, resume, succeed, cancel. */
class JobLifecycleTest {
    private final ManualClock clock = new ManualClock();
    private FineTuningEmulator emu;
    private Api api;

    private void start(FineTuningEmulator.Builder builder) {
        emu = builder.apiKey("k").clock(clock).build().start();
        api = new Api(emu, "k");
    }

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void createdJobValidatesThenQueuesThenRuns() {
        start(FineTuningEmulator.builder()
                .validatingFilesDelay(Duration.ofSeconds(3))
                .queuedDelay(Duration.ofSeconds(2)));
        JsonNode created = api.post(
                        Api.V1,
                        "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-t\",\"suffix\":\"s1\","
                                + "\"metadata\":{\"team\":\"ml\"},\"seed\":9}")
                .json();
        String id = created.path("id").asText();

        assertThat(id).matches("ftjob-[0-9a-f]{32}");
        assertThat(created.path("status").asText()).isEqualTo("validating_files");
        assertThat(created.path("user_provided_suffix").asText()).isEqualTo("s1");
        assertThat(created.path("metadata").path("team").asText()).isEqualTo("ml");
        assertThat(created.path("seed").asInt()).isEqualTo(9);
        clock.advance(Duration.ofSeconds(3));
        assertThat(emu.job(id).status()).isEqualTo("queued");
        clock.advance(Duration.ofSeconds(2));
        assertThat(api.get(Api.V1 + "/" + id).jobStatus()).isEqualTo("running");
    }

    @Test
    void pauseGoesThroughPausingToPausedWithACheckpointThenResumes() {
        start(FineTuningEmulator.builder().pauseDelay(Duration.ofSeconds(2)).resumeDelay(Duration.ofSeconds(3)));
        String id = emu.seedJob(JobSeed.running());

        Api.Answer paused = api.post(Api.V1 + "/" + id + "/pause?api-version=v1");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("object").asText()).isEqualTo("fine_tuning.job");
        assertThat(paused.jobStatus()).isEqualTo("pausing");
        clock.advance(Duration.ofMillis(1999));
        assertThat(emu.job(id).status()).isEqualTo("pausing");
        clock.advance(Duration.ofMillis(1));
        assertThat(emu.job(id).status()).isEqualTo("paused");

        JsonNode checkpoints = api.get(Api.V1 + "/" + id + "/checkpoints").json();
        assertThat(checkpoints.path("data")).hasSize(1);
        JsonNode checkpoint = checkpoints.path("data").get(0);
        assertThat(checkpoint.path("object").asText()).isEqualTo("fine_tuning.job.checkpoint");
        assertThat(checkpoint.path("fine_tuning_job_id").asText()).isEqualTo(id);
        assertThat(checkpoints.path("first_id").asText())
                .isEqualTo(checkpoint.path("id").asText());

        assertThat(api.post(Api.V1 + "/" + id + "/resume").jobStatus()).isEqualTo("resuming");
        clock.advance(Duration.ofSeconds(3));
        assertThat(api.get(Api.V1 + "/" + id).jobStatus()).isEqualTo("running");
    }

    @Test
    void zeroPauseDelayAnswersPausedAtOnce() {
        start(FineTuningEmulator.builder().pauseDelay(Duration.ZERO));
        String id = emu.seedJob(JobSeed.running());

        assertThat(api.post(Api.V1 + "/" + id + "/pause").jobStatus()).isEqualTo("paused");
        assertThat(emu.job(id).checkpointCount()).isEqualTo(1);
    }

    @Test
    void runningJobSucceedsAfterTheTrainingTimeNotCountingPausedTime() {
        start(FineTuningEmulator.builder()
                .trainingDuration(Duration.ofSeconds(10))
                .pauseDelay(Duration.ZERO)
                .resumeDelay(Duration.ZERO));
        String id = emu.seedJob(JobSeed.running().suffix("night"));
        assertThat(api.get(Api.V1 + "/" + id).json().path("estimated_finish").asLong())
                .isEqualTo(clock.instant().getEpochSecond() + 10);

        clock.advance(Duration.ofSeconds(4));
        api.post(Api.V1 + "/" + id + "/pause");
        clock.advance(Duration.ofHours(1));
        api.post(Api.V1 + "/" + id + "/resume");
        clock.advance(Duration.ofSeconds(5));
        assertThat(emu.job(id).status()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(1));

        JsonNode job = api.get(Api.V1 + "/" + id).json();
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(job.path("fine_tuned_model").asText())
                .startsWith("gpt-4o-mini.ft-")
                .endsWith("-night");
        assertThat(job.path("finished_at").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(job.path("trained_tokens").isInt()).isTrue();
        assertThat(job.path("result_files")).hasSize(1);
        assertThat(job.path("estimated_finish").isNull()).isTrue();
    }

    @Test
    void seededJobsTrainForHoursByDefault() {
        start(FineTuningEmulator.builder());
        List<String> ids = emu.seedRunningJobs(3);
        clock.advance(Duration.ofHours(2));

        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        ids.forEach(id -> assertThat(emu.job(id).status()).isEqualTo("running"));
        ids.forEach(id -> assertThat(emu.job(id).trainedSteps()).isEqualTo(720)); // 10 s a step
        assertThat(emu.jobIds()).containsExactlyElementsOf(ids);
        clock.advance(Duration.ofMinutes(47)); // 1000 steps: 2 h 46 min 40 s
        ids.forEach(id -> assertThat(emu.job(id).status()).isEqualTo("succeeded"));
    }

    @Test
    void cancelEndsAnyLiveJob() {
        start(FineTuningEmulator.builder());
        String id = emu.seedJob(JobSeed.withStatus("paused"));

        JsonNode cancelled = api.post(Api.V1 + "/" + id + "/cancel").json();
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.path("finished_at").asLong())
                .isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void eventsRecordEveryTransitionNewestFirst() {
        start(FineTuningEmulator.builder()
                .validatingFilesDelay(Duration.ofSeconds(1))
                .queuedDelay(Duration.ofSeconds(1))
                .pauseDelay(Duration.ofSeconds(1)));
        String id = api.post(Api.V1, "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-t\"}")
                .json()
                .path("id")
                .asText();
        clock.advance(Duration.ofSeconds(2));
        api.post(Api.V1 + "/" + id + "/pause");
        clock.advance(Duration.ofSeconds(1));

        JsonNode events = api.get(Api.V1 + "/" + id + "/events").json();
        List<String> statuses = new ArrayList<>();
        events.path("data").forEach(event -> {
            assertThat(event.path("object").asText()).isEqualTo("fine_tuning.job.event");
            statuses.add(event.path("data").path("status").asText());
        });
        assertThat(statuses).containsExactly("paused", "pausing", "running", "queued", "validating_files");
        assertThat(events.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void realTimeShortDelaysWorkWithoutAManualClock() throws InterruptedException {
        emu = FineTuningEmulator.builder()
                .apiKey("k")
                .pauseDelay(Duration.ofMillis(50))
                .latency(Duration.ZERO)
                .build()
                .start();
        api = new Api(emu, "k");
        String id = emu.seedJob(JobSeed.running());

        assertThat(api.post(Api.V1 + "/" + id + "/pause").jobStatus()).isEqualTo("pausing");
        Thread.sleep(120);
        assertThat(api.get(Api.V1 + "/" + id).jobStatus()).isEqualTo("paused");
    }
}
