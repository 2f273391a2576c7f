package io.jenkins.plugins.finetune.client.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningApiException;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared pause/resume/cancel path of the step, the builder and the CLI, against the emulator. */
@Timeout(20)
class JobChangeOperationTest {

    private static final String KEY = "ops-key-1";

    private FineTuningEmulator emulator;
    private FineTuningClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMillis(300))
                .build()
                .start();
        client = client(emulator);
    }

    private static FineTuningClient client(FineTuningEmulator emu) {
        return FineTuningClient.builder()
                .endpoint(emu.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(HttpOptions.builder()
                        .baseRetryDelay(Duration.ofMillis(5))
                        .responseTimeout(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void pauseHappyPathLogsOneLine() {
        String id = emulator.seedJob(JobSeed.running());
        JobChangeResult result = JobChangeOperation.run(
                client, JobChangeRequest.builder(JobChange.PAUSE, id).build(), log::add);
        assertThat(result.outcome()).isEqualTo(JobChangeOutcome.CHANGED);
        assertThat(result.previousStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(result.job().status()).isEqualTo(JobStatus.PAUSING);
        assertThat(result.requestId()).isNotBlank();
        assertThat(log)
                .containsExactly("Fine-tuning job " + id + ": running → pausing (pause requested; request id "
                        + result.requestId() + ")");
        assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    void pauseAndWaitUntilPaused() {
        String id = emulator.seedJob(JobSeed.running());
        JobChangeResult result = JobChangeOperation.run(
                client,
                JobChangeRequest.builder(JobChange.PAUSE, id)
                        .waitForFinalStatus(true)
                        .pollInterval(Duration.ofMillis(50))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                log::add);
        assertThat(result.outcome()).isEqualTo(JobChangeOutcome.CHANGED);
        assertThat(result.job().status()).isEqualTo(JobStatus.PAUSED);
        assertThat(result.previousStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(log).hasSize(2);
        assertThat(log.get(1)).matches("Fine-tuning job " + id + ": pausing → paused after \\d+ s");
    }

    @Test
    void alreadyPausedWithFailIfNotEligibleFalseIsAlreadyDone() {
        String id = emulator.seedJob(JobSeed.withStatus("paused"));
        JobChangeResult result = JobChangeOperation.run(
                client,
                JobChangeRequest.builder(JobChange.PAUSE, id)
                        .failIfNotEligible(false)
                        .waitForFinalStatus(true)
                        .build(),
                log::add);
        assertThat(result.outcome()).isEqualTo(JobChangeOutcome.ALREADY_DONE);
        assertThat(result.job().status()).isEqualTo(JobStatus.PAUSED);
        assertThat(result.previousStatus()).isEqualTo(JobStatus.PAUSED);
        assertThat(result.requestId()).isNotBlank();
        assertThat(log).containsExactly("Fine-tuning job " + id + ": already paused; nothing to pause");
    }

    @Test
    void succeededWithFailIfNotEligibleFalseIsNotEligible() {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded"));
        JobChangeResult result = JobChangeOperation.run(
                client,
                JobChangeRequest.builder(JobChange.PAUSE, id)
                        .failIfNotEligible(false)
                        .waitForFinalStatus(true)
                        .build(),
                log::add);
        assertThat(result.outcome()).isEqualTo(JobChangeOutcome.NOT_ELIGIBLE);
        assertThat(result.job().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(log)
                .containsExactly(
                        "Fine-tuning job " + id + ": status is succeeded, which cannot be paused; left as it is");
    }

    @Test
    void notEligibleFailsByDefaultNamingTheStatus() {
        String id = emulator.seedJob(JobSeed.withStatus("failed"));
        FineTuningApiException e = catchThrowableOfType(
                FineTuningApiException.class,
                () -> JobChangeOperation.run(
                        client, JobChangeRequest.builder(JobChange.PAUSE, id).build(), log::add));
        assertThat(e.jobStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(e.getMessage()).contains("its status is 'failed'");
        assertThat(log).isEmpty();
    }

    @Test
    void otherErrorsAreNotSwallowedByFailIfNotEligibleFalse() {
        FineTuningApiException e = catchThrowableOfType(
                FineTuningApiException.class,
                () -> JobChangeOperation.run(
                        client,
                        JobChangeRequest.builder(JobChange.PAUSE, "ftjob-missing")
                                .failIfNotEligible(false)
                                .build(),
                        log::add));
        assertThat(e.statusCode()).isEqualTo(404);
    }

    @Test
    void waitTimeoutNamesTheLastStatus() {
        try (FineTuningEmulator slow = FineTuningEmulator.builder()
                        .apiKey(KEY)
                        .pauseDelay(Duration.ofMinutes(10))
                        .build()
                        .start();
                FineTuningClient slowClient = client(slow)) {
            String id = slow.seedJob(JobSeed.running());
            FineTuningWaitTimeoutException e = catchThrowableOfType(
                    FineTuningWaitTimeoutException.class,
                    () -> JobChangeOperation.run(
                            slowClient,
                            JobChangeRequest.builder(JobChange.PAUSE, id)
                                    .waitForFinalStatus(true)
                                    .timeout(Duration.ofMillis(400))
                                    .pollInterval(Duration.ofMillis(50))
                                    .build(),
                            log::add));
            assertThat(e.lastStatus()).isEqualTo(JobStatus.PAUSING);
            assertThat(e.getMessage())
                    .contains("its last status was 'pausing'")
                    .contains(id)
                    .contains("[paused]");
            assertThat(log).hasSize(1);
        }
    }

    @Test
    void resumeAndCancel() {
        String paused = emulator.seedJob(JobSeed.withStatus("paused"));
        JobChangeResult resumed = JobChangeOperation.run(
                client, JobChangeRequest.builder(JobChange.RESUME, paused).build(), log::add);
        assertThat(resumed.outcome()).isEqualTo(JobChangeOutcome.CHANGED);
        assertThat(resumed.previousStatus()).isEqualTo(JobStatus.PAUSED);
        assertThat(log.get(0)).contains("paused → resuming (resume requested");

        String running = emulator.seedJob(JobSeed.running());
        JobChangeResult cancelled = JobChangeOperation.run(
                client,
                JobChangeRequest.builder(JobChange.CANCEL, running)
                        .waitForFinalStatus(true)
                        .build(),
                log::add);
        assertThat(cancelled.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.previousStatus()).isNull();
        assertThat(log.get(1)).startsWith("Fine-tuning job " + running + ": cancelled (cancel requested");
        assertThat(log).hasSize(2); // no wait: already final

        JobChangeResult again = JobChangeOperation.run(
                client,
                JobChangeRequest.builder(JobChange.CANCEL, running)
                        .failIfNotEligible(false)
                        .build(),
                log::add);
        assertThat(again.outcome()).isEqualTo(JobChangeOutcome.ALREADY_DONE);
    }

    @Test
    void requestValidation() {
        assertThatThrownBy(() -> JobChangeRequest.builder(JobChange.PAUSE, "../x"))
                .hasMessageStartingWith("jobId: ");
        assertThatThrownBy(() -> JobChangeRequest.builder(null, "ftjob-1")).isInstanceOf(NullPointerException.class);
        JobChangeRequest.Builder b = JobChangeRequest.builder(JobChange.PAUSE, " ftjob-1 ");
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessage("timeout: must be greater than zero, got 0 s");
        assertThatThrownBy(() -> b.pollInterval(Duration.ofSeconds(-1))).hasMessageStartingWith("pollInterval: ");
        assertThatThrownBy(() -> b.timeout(null)).hasMessage("timeout");
        JobChangeRequest request = b.build();
        assertThat(request.jobId()).isEqualTo("ftjob-1");
        assertThat(request.failIfNotEligible()).isTrue();
        assertThat(request.waitForFinalStatus()).isFalse();
        assertThat(request.timeout()).isEqualTo(JobChangeRequest.DEFAULT_TIMEOUT);
        assertThat(request.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request.toString())
                .isEqualTo("JobChangeRequest[PAUSE ftjob-1, failIfNotEligible=true, wait=false, timeout=PT30M]");
    }

    @Test
    void jobChangeEligibility() {
        assertThat(JobChange.PAUSE.isEligible(JobStatus.RUNNING)).isTrue();
        assertThat(JobChange.PAUSE.isEligible(JobStatus.PAUSED)).isFalse();
        assertThat(JobChange.PAUSE.isAlreadyDone(JobStatus.PAUSING)).isTrue();
        assertThat(JobChange.RESUME.isEligible(JobStatus.PAUSED)).isTrue();
        assertThat(JobChange.RESUME.isAlreadyDone(JobStatus.RESUMING)).isTrue();
        assertThat(JobChange.CANCEL.isEligible(JobStatus.of("some_new_state"))).isTrue();
        assertThat(JobChange.CANCEL.isEligible(JobStatus.SUCCEEDED)).isFalse();
        assertThat(JobChange.CANCEL.isEligible(null)).isFalse();
        assertThat(JobChange.CANCEL.isAlreadyDone(null)).isFalse();
        assertThat(JobChange.PAUSE.finalStatus()).isEqualTo(JobStatus.PAUSED);
        assertThat(JobChange.RESUME.pastTense()).isEqualTo("resumed");
        assertThat(JobChange.CANCEL.eligibleFrom()).isNull();
    }

    @Test
    void environmentOfAJob() {
        String id = emulator.seedJob(JobSeed.running().model("gpt-4o"));
        FineTuningJob job = client.get(id);
        assertThat(JobEnvironment.of(job))
                .containsExactly(
                        java.util.Map.entry("FINE_TUNE_JOB_ID", id),
                        java.util.Map.entry("FINE_TUNE_STATUS", "running"),
                        java.util.Map.entry("FINE_TUNE_MODEL", "gpt-4o"),
                        java.util.Map.entry("FINE_TUNE_FINE_TUNED_MODEL", ""));
        FineTuningJob bare = FineTuningJob.fromJson(
                "{\"id\":\"ftjob-x\",\"status\":\"paused\",\"fine_tuned_model\":\"ft:gpt-4o:x\"}");
        assertThat(JobEnvironment.of(bare))
                .containsEntry(JobEnvironment.MODEL, "")
                .containsEntry(JobEnvironment.STATUS, "paused")
                .containsEntry(JobEnvironment.FINE_TUNED_MODEL, "ft:gpt-4o:x");
        assertThat(JobEnvironment.of(FineTuningJob.fromJson("{}")))
                .containsOnlyKeys(
                        JobEnvironment.JOB_ID,
                        JobEnvironment.STATUS,
                        JobEnvironment.MODEL,
                        JobEnvironment.FINE_TUNED_MODEL)
                .allSatisfy((k, v) -> assertThat(v).isEmpty());
    }

    @Test
    void logLinesWording() {
        assertThat(LogLines.changed(JobChange.PAUSE, "j", null, null, null))
                .isEqualTo("Fine-tuning job j: status not in the answer (pause requested)");
        assertThat(LogLines.unchanged(JobChange.RESUME, "j", null, JobChangeOutcome.NOT_ELIGIBLE))
                .isEqualTo("Fine-tuning job j: status is ?, which cannot be resumed; left as it is");
        assertThat(LogLines.settled("j", JobStatus.PAUSING, JobStatus.PAUSED, Duration.ofSeconds(42)))
                .isEqualTo("Fine-tuning job j: pausing → paused after 42 s");
    }
}
