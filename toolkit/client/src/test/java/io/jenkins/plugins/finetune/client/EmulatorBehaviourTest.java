package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Behaviour against the stateful emulator: real transitions, pagination, auth, errors. */
@Timeout(20)
class EmulatorBehaviourTest {

    private static final String KEY = "emulator-key-123";

    private FineTuningEmulator emulator;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMillis(300))
                .resumeDelay(Duration.ofMillis(300))
                .build()
                .start();
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(TestClients.fastOptions().build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void pauseWaitResumeCancelLifecycle() {
        String id = emulator.seedJob(JobSeed.running().suffix("nightly").metadata("team", "ml"));
        FineTuningJob running = client.get(id);
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.suffix()).isEqualTo("nightly");
        assertThat(running.metadata()).containsEntry("team", "ml");

        FineTuningResponse<FineTuningJob> paused = client.pauseWithResponse(id);
        assertThat(paused.value().status()).isEqualTo(JobStatus.PAUSING);
        assertThat(paused.requestId()).isNotBlank();

        FineTuningJob settled = client.waitForStatus(
                id,
                WaitOptions.until(JobStatus.PAUSED)
                        .pollInterval(Duration.ofMillis(50))
                        .timeout(Duration.ofSeconds(5)));
        assertThat(settled.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(emulator.job(id).status()).isEqualTo("paused");

        assertThat(client.resume(id).status()).isEqualTo(JobStatus.RESUMING);
        assertThat(client.waitForStatus(
                                id,
                                WaitOptions.until(JobStatus.RUNNING)
                                        .pollInterval(Duration.ofMillis(50))
                                        .timeout(Duration.ofSeconds(5)))
                        .status())
                .isEqualTo(JobStatus.RUNNING);

        assertThat(client.cancel(id).status()).isEqualTo(JobStatus.CANCELLED);
        // A terminal status ends a wait for another target.
        assertThat(client.waitForStatus(id, WaitOptions.until(JobStatus.PAUSED).timeout(Duration.ofSeconds(2)))
                        .status())
                .isEqualTo(JobStatus.CANCELLED);

        List<String> methods = emulator.requests().stream()
                .map(r -> r.method() + " " + r.path())
                .toList();
        assertThat(methods)
                .contains(
                        "POST /openai/v1/fine_tuning/jobs/" + id + "/pause",
                        "POST /openai/v1/fine_tuning/jobs/" + id + "/resume",
                        "POST /openai/v1/fine_tuning/jobs/" + id + "/cancel");
        for (RecordedRequest r : emulator.requests()) {
            assertThat(r.header("api-key")).isEqualTo(KEY);
            assertThat(r.queryParameter("api-version")).isEqualTo("v1");
        }
    }

    @Test
    void datedApiVersionWorksAgainstTheEmulator() {
        String id = emulator.seedJob(JobSeed.running());
        try (FineTuningClient dated = FineTuningClient.builder()
                .endpoint(emulator.baseUrl() + "/openai")
                .apiVersion("2025-04-01-preview")
                .credential(new ApiKeyCredential(KEY))
                .build()) {
            assertThat(dated.pause(id).status()).isEqualTo(JobStatus.PAUSING);
        }
        RecordedRequest last = emulator.requests().get(emulator.requests().size() - 1);
        assertThat(last.path()).isEqualTo("/openai/fine_tuning/jobs/" + id + "/pause");
        assertThat(last.queryParameter("api-version")).isEqualTo("2025-04-01-preview");
    }

    @Test
    void listAllJobsWalksEveryPage() {
        List<String> seeded = emulator.seedRunningJobs(23);
        List<String> listed = new ArrayList<>();
        client.listAllJobs(5).forEach(job -> listed.add(job.id()));
        List<String> newestFirst = new ArrayList<>(seeded);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(emulator.requestCount()).isEqualTo(5);
        Page<FineTuningJob> first = client.listJobs(null, 10);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.data()).hasSize(10);
    }

    @Test
    void eventsAreListed() {
        String id = emulator.seedJob(JobSeed.running());
        client.pause(id);
        Page<FineTuningEvent> events = client.listEvents(id, null, 100);
        assertThat(events.data()).isNotEmpty();
        assertThat(events.data()).extracting(FineTuningEvent::message).anyMatch(m -> m.contains("pause"));
        assertThat(events.data()).allSatisfy(e -> assertThat(e.id()).isNotBlank());
    }

    @Test
    void pauseOfAJobThatIsNotRunningNamesItsStatus() {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded"));
        FineTuningApiException e = catchThrowableOfType(FineTuningApiException.class, () -> client.pause(id));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(e.isInvalidJobState()).isTrue();
        assertThat(e.errorCode()).isNotBlank();
        assertThat(e.requestId()).isNotBlank();
        assertThat(e.getMessage()).contains("its status is 'succeeded'");
    }

    @Test
    void unknownJobIs404AndWrongKeyIs401() {
        FineTuningApiException notFound =
                catchThrowableOfType(FineTuningApiException.class, () -> client.get("ftjob-nope"));
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.getMessage()).contains("not found").contains("Check the job id");
        try (FineTuningClient wrong = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential("wrong-key-999"))
                .build()) {
            FineTuningApiException denied =
                    catchThrowableOfType(FineTuningApiException.class, () -> wrong.get("ftjob-nope"));
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.getMessage())
                    .contains("Azure rejected the credential")
                    .doesNotContain("wrong-key-999");
        }
    }

    @Test
    void bearerTokenAgainstTheEmulator() {
        String token = "entra-token-abc";
        emulator.acceptBearerToken(token);
        AtomicInteger calls = new AtomicInteger();
        String id = emulator.seedJob(JobSeed.running());
        try (FineTuningClient bearer = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new BearerTokenCredential(scope -> {
                    calls.incrementAndGet();
                    return new AccessToken(token, Instant.now().plusSeconds(3600));
                }))
                .build()) {
            bearer.get(id);
            bearer.pause(id);
            bearer.get(id);
        }
        assertThat(calls).hasValue(1);
        RecordedRequest last = emulator.requests().get(emulator.requests().size() - 1);
        assertThat(last.header("authorization")).isEqualTo("Bearer " + token);
        assertThat(last.header("api-key")).isNull();
    }

    @Test
    void waitTimeoutNamesTheLastStatus() {
        String id = emulator.seedJob(JobSeed.running());
        FineTuningWaitTimeoutException e = catchThrowableOfType(
                FineTuningWaitTimeoutException.class,
                () -> client.waitForStatus(
                        id,
                        WaitOptions.until(JobStatus.PAUSED)
                                .timeout(Duration.ofMillis(300))
                                .pollInterval(Duration.ofMillis(50))));
        assertThat(e.lastStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(e.lastSeen().id()).isEqualTo(id);
        assertThat(e.getMessage())
                .isEqualTo("Timed out after 300 ms waiting for fine-tuning job '" + id
                        + "' to reach [paused]; its last status was 'running'.");
    }

    @Test
    void eachPollSeesTheJobAsReadBeforeTheWaitDecides() {
        String id = emulator.seedJob(JobSeed.running());
        client.pause(id);
        List<JobStatus> seen = new ArrayList<>();
        FineTuningJob settled = client.waitForStatus(
                id,
                WaitOptions.until(JobStatus.PAUSED)
                        .pollInterval(Duration.ofMillis(50))
                        .timeout(Duration.ofSeconds(5))
                        .eachPoll(job -> seen.add(job.status())));
        assertThat(settled.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).as("the last poll too").isEqualTo(JobStatus.PAUSED);
        assertThat(seen.subList(0, seen.size() - 1)).allMatch(JobStatus.PAUSING::equals);
        long reads = emulator.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/jobs/" + id))
                .count();
        assertThat(seen).hasSize((int) reads);

        RuntimeException boom = new IllegalStateException("stop here");
        assertThat(catchThrowable(() -> client.waitForStatus(
                        id, WaitOptions.until(JobStatus.RUNNING).eachPoll(job -> {
                            throw boom;
                        }))))
                .as("its exception ends the wait")
                .isSameAs(boom);
    }
}
