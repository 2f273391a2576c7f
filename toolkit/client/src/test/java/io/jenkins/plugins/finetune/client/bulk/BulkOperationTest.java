package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bulk pause/resume/cancel against the emulator with 200 jobs of mixed statuses and metadata. */
@Timeout(60)
class BulkOperationTest {

    private static final String KEY = "bulk-test-key";
    private static final String[] STATUSES = {
        "running", "running", "running", "paused", "queued", "succeeded", "failed", "cancelled"
    };

    private FineTuningEmulator emulator;
    private FineTuningClient client;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** Jobs seeded with metadata pause_at_night=true and status running. */
    private final Set<String> nightlyRunning = new HashSet<>();

    private final Set<String> nightlyPaused = new HashSet<>();
    private final Set<String> allRunning = new HashSet<>();

    @BeforeEach
    void seed200Jobs() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMillis(100))
                .build()
                .start();
        for (int i = 0; i < 200; i++) {
            String status = STATUSES[i % STATUSES.length];
            boolean nightly = i % 3 == 0;
            JobSeed seed = JobSeed.withStatus(status)
                    .model(i % 2 == 0 ? "gpt-4o-mini" : "gpt-4.1")
                    .suffix((nightly ? "nightly-" : "adhoc-") + i)
                    .metadata("team", i % 4 == 0 ? "vision" : "search");
            if (nightly) {
                seed.metadata("pause_at_night", "true");
            }
            String id = emulator.seedJob(seed);
            if (status.equals("running")) {
                allRunning.add(id);
                if (nightly) {
                    nightlyRunning.add(id);
                }
            }
            if (status.equals("paused") && nightly) {
                nightlyPaused.add(id);
            }
        }
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(HttpOptions.builder()
                        .baseRetryDelay(Duration.ofMillis(10))
                        .maxRetries(1)
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private static JobSelector nightly() {
        return JobSelector.builder().metadata(Map.of("pause_at_night", "true")).build();
    }

    @Test
    void pausesExactlyTheRunningJobsTheSelectorPicks() {
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(JobChange.PAUSE, nightly())
                        .concurrency(8)
                        .pageSize(37)
                        .build(),
                log::add);

        assertThat(idsWith(report, JobOutcome.Kind.CHANGED)).isEqualTo(nightlyRunning);
        assertThat(report.count(JobOutcome.Kind.FAILED)).isZero();
        assertThat(report.listed()).isEqualTo(200);
        for (String id : nightlyRunning) {
            assertThat(emulator.job(id).status()).isIn("pausing", "paused");
        }
        Set<String> untouched = new HashSet<>(allRunning);
        untouched.removeAll(nightlyRunning);
        for (String id : untouched) {
            assertThat(emulator.job(id).status()).isEqualTo("running");
        }
        assertThat(report.summary())
                .startsWith("paused " + nightlyRunning.size() + ", already paused 0, skipped 0, failed 0");
        assertThat(log)
                .hasSize(nightlyRunning.size() + 1)
                .last()
                .asString()
                .contains("Bulk pause: paused " + nightlyRunning.size());
        assertThat(report.toMaps())
                .allSatisfy(map -> assertThat(map)
                        .containsOnlyKeys("id", "outcome", "status", "error")
                        .containsEntry("outcome", "paused")
                        .containsEntry("error", null));
    }

    @Test
    void eachOutcomeSaysThePreviousStatusTheModelAndAzuresRequestId() {
        String running = nightlyRunning.iterator().next();
        String paused = nightlyPaused.iterator().next();
        String broken = new ArrayList<>(nightlyRunning).get(1);
        emulator.faults().next(3, Fault.status(500).onlyFor("POST", broken + "/pause"));
        // As a listing selected them (with their statuses), the way the Jenkins steps change jobs.
        List<SelectedJob> listed = List.of(
                new SelectedJob(running, "running"),
                new SelectedJob(paused, "paused"),
                new SelectedJob(broken, "running"));
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(2);
        BulkReport report;
        try {
            report = BulkOperation.change(
                    client,
                    BulkRequest.builder(JobChange.PAUSE, nightly()).build(),
                    listed,
                    false,
                    workers,
                    BulkListener.of(log::add));
        } finally {
            workers.shutdownNow();
        }

        JobOutcome changed = report.outcomes().get(0);
        assertThat(changed.kind()).isEqualTo(JobOutcome.Kind.CHANGED);
        assertThat(changed.previousStatus()).isEqualTo("running");
        assertThat(changed.status()).isEqualTo("pausing");
        assertThat(changed.model()).isEqualTo(emulator.job(running).model());
        assertThat(changed.requestId()).isNotBlank();
        // The request id is the one the build log printed for this job's pause.
        assertThat(log).anyMatch(line -> line.contains(running) && line.contains(changed.requestId()));

        JobOutcome already = report.outcomes().get(1);
        assertThat(already.kind()).isEqualTo(JobOutcome.Kind.ALREADY_DONE);
        assertThat(already.previousStatus()).isEqualTo("paused");
        assertThat(already.requestId()).as("no pause was sent").isNull();

        JobOutcome failed = report.outcomes().get(2);
        assertThat(failed.kind()).isEqualTo(JobOutcome.Kind.FAILED);
        assertThat(failed.previousStatus()).isEqualTo("running");
        assertThat(failed.requestId()).as("the refusal's own request id").isNotBlank();
        // What the CLI and the Pipeline steps print per job did not grow.
        assertThat(report.toMaps())
                .allSatisfy(map -> assertThat(map).containsOnlyKeys("id", "outcome", "status", "error"));
    }

    @Test
    void combinesStatusModelSuffixAndMetadataCriteria() {
        JobSelector selector = JobSelector.builder()
                .statuses(List.of("running", "paused", "queued"))
                .model("gpt-4o-mini")
                .suffixRegex("nightly-\\d*[02468]")
                .metadata(Map.of("pause_at_night", "true", "team", "vision"))
                .build();
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(JobChange.PAUSE, selector).dryRun(true).build(),
                log::add);

        // Expected by the seeding rules: index i with i%3==0 (nightly), i%4==0 (vision, hence even: gpt-4o-mini and an
        // even suffix), and a status in the list.
        List<String> expected = new ArrayList<>();
        for (String id : emulator.jobIds()) {
            var job = emulator.job(id);
            int i = Integer.parseInt(job.suffix().replaceAll("\\D", ""));
            if (i % 3 == 0
                    && i % 4 == 0
                    && Set.of("running", "paused", "queued").contains(job.status())) {
                expected.add(id);
            }
        }
        assertThat(report.outcomes()).extracting(JobOutcome::jobId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.outcomes()).allSatisfy(o -> {
            switch (o.status()) {
                case "running" -> assertThat(o.kind()).isEqualTo(JobOutcome.Kind.WOULD_CHANGE);
                case "paused" -> assertThat(o.kind()).isEqualTo(JobOutcome.Kind.ALREADY_DONE);
                default -> assertThat(o.kind()).isEqualTo(JobOutcome.Kind.SKIPPED);
            }
        });
    }

    @Test
    void suffixPrefixSelectsByUserProvidedSuffix() {
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(
                                JobChange.PAUSE,
                                JobSelector.builder().suffixPrefix("adhoc-1").build())
                        .dryRun(true)
                        .build(),
                log::add);
        assertThat(report.outcomes())
                .isNotEmpty()
                .allSatisfy(o -> assertThat(emulator.job(o.jobId()).suffix()).startsWith("adhoc-1"));
    }

    @Test
    void dryRunSendsNoStateChangingRequest() {
        emulator.clearRequests();
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(JobChange.PAUSE, nightly()).dryRun(true).build(),
                log::add);

        assertThat(idsWith(report, JobOutcome.Kind.WOULD_CHANGE)).isEqualTo(nightlyRunning);
        assertThat(emulator.requests())
                .isNotEmpty()
                .extracting(RecordedRequest::method)
                .containsOnly("GET");
        assertThat(report.summary()).startsWith("would pause " + nightlyRunning.size());
        for (String id : nightlyRunning) {
            assertThat(emulator.job(id).status()).isEqualTo("running");
        }
    }

    @Test
    void dryRunWithExplicitIdsOnlyReads() {
        List<String> ids = new ArrayList<>(nightlyRunning).subList(0, 3);
        emulator.clearRequests();
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(
                                JobChange.PAUSE,
                                JobSelector.builder().jobIds(ids).build())
                        .dryRun(true)
                        .build(),
                log::add);
        assertThat(report.outcomes()).extracting(JobOutcome::jobId).containsExactlyElementsOf(ids);
        assertThat(emulator.requests())
                .hasSize(3)
                .extracting(RecordedRequest::method)
                .containsOnly("GET");
    }

    @Test
    void oneFailureDoesNotStopTheOthers() {
        List<String> targets = new ArrayList<>(nightlyRunning);
        String broken = targets.get(0);
        // More 500s than the client retries, only for one job's pause route.
        emulator.faults().next(3, Fault.status(500).onlyFor("POST", broken + "/pause"));

        BulkReport report = BulkOperation.run(
                client, BulkRequest.builder(JobChange.PAUSE, nightly()).build(), log::add);

        assertThat(report.hasFailures()).isTrue();
        assertThat(idsWith(report, JobOutcome.Kind.FAILED)).containsExactly(broken);
        assertThat(idsWith(report, JobOutcome.Kind.CHANGED))
                .hasSize(nightlyRunning.size() - 1)
                .doesNotContain(broken);
        JobOutcome failed = report.outcomes().stream()
                .filter(o -> o.jobId().equals(broken))
                .findFirst()
                .orElseThrow();
        assertThat(failed.error()).contains("HTTP 500");
        assertThat(failed.toMap(JobChange.PAUSE)).containsEntry("outcome", "failed");
        assertThat(log).anyMatch(line -> line.startsWith("Fine-tuning job " + broken + ": failed: "));
    }

    @Test
    void explicitIdsReportAlreadyPausedAndSkippedJobs() {
        String running = nightlyRunning.iterator().next();
        String paused = nightlyPaused.iterator().next();
        String succeeded = emulator.seedJob(JobSeed.withStatus("succeeded"));
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(
                                JobChange.PAUSE,
                                JobSelector.builder()
                                        .jobIds(List.of(running, paused, succeeded))
                                        .build())
                        .build(),
                log::add);

        assertThat(report.outcomes())
                .extracting(JobOutcome::jobId, JobOutcome::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(running, JobOutcome.Kind.CHANGED),
                        org.assertj.core.groups.Tuple.tuple(paused, JobOutcome.Kind.ALREADY_DONE),
                        org.assertj.core.groups.Tuple.tuple(succeeded, JobOutcome.Kind.SKIPPED));
        assertThat(report.outcomes().get(2).status()).isEqualTo("succeeded");
        assertThat(report.toMaps().get(1)).containsEntry("outcome", "already_paused");
    }

    @Test
    void waitsUntilEveryPausedJobIsPaused() {
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(JobChange.PAUSE, nightly())
                        .waitForFinalStatus(true)
                        .pollInterval(Duration.ofMillis(20))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                log::add);
        assertThat(report.outcomes())
                .hasSize(nightlyRunning.size())
                .allSatisfy(o -> assertThat(o.status()).isEqualTo("paused"));
    }

    @Test
    void resumesWhatWasPaused() {
        BulkReport report = BulkOperation.run(
                client, BulkRequest.builder(JobChange.RESUME, nightly()).build(), log::add);
        assertThat(idsWith(report, JobOutcome.Kind.CHANGED)).isEqualTo(nightlyPaused);
        assertThat(report.summary()).startsWith("resumed " + nightlyPaused.size());
    }

    @Test
    void listingFailureKeepsWhatWasDoneAndIsReported() {
        // First page fine, then the list route fails on every attempt.
        emulator.faults().next(Fault.delay(Duration.ZERO).onlyFor("GET", "/fine_tuning/jobs"));
        emulator.faults().next(5, Fault.status(503).onlyFor("GET", "/fine_tuning/jobs"));
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build())
                        .pageSize(50)
                        .build(),
                log::add);
        assertThat(report.listingError()).contains("HTTP 503");
        assertThat(report.hasFailures()).isTrue();
        assertThat(report.listed()).isEqualTo(50);
        assertThat(report.count(JobOutcome.Kind.CHANGED)).isPositive();
        assertThat(report.summary()).contains("listing stopped early");
    }

    @Test
    void concurrencyIsBounded() {
        emulator.latency(Duration.ofMillis(40));
        List<String> ids = new ArrayList<>(allRunning).subList(0, 40);
        long started = System.nanoTime();
        BulkReport report = BulkOperation.run(
                client,
                BulkRequest.builder(
                                JobChange.PAUSE,
                                JobSelector.builder().jobIds(ids).build())
                        .concurrency(4)
                        .build(),
                log::add);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(report.count(JobOutcome.Kind.CHANGED)).isEqualTo(40);
        // 40 requests of at least 40 ms each, at most 4 at a time: no less than 10 rounds of 40 ms.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void selectorValidationNamesTheField() {
        assertThatThrownBy(() -> JobSelector.builder().suffixRegex("nightly-(").build())
                .hasMessageStartingWith("suffixRegex:");
        assertThatThrownBy(() -> JobSelector.builder().metadata(Map.of("k".repeat(65), "v")))
                .hasMessageStartingWith("metadata:")
                .hasMessageContaining("64");
        assertThatThrownBy(() -> JobSelector.builder().metadata(Map.of("k", "v".repeat(513))))
                .hasMessageStartingWith("metadata:")
                .hasMessageContaining("512");
        assertThatThrownBy(() -> JobSelector.builder().jobIds(List.of("../etc")))
                .hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> BulkRequest.builder(JobChange.PAUSE, nightly()).concurrency(0))
                .hasMessageStartingWith("concurrency:");
        assertThatThrownBy(() ->
                        JobSelector.builder().suffixPrefix("a").suffixRegex("b").build())
                .hasMessageStartingWith("suffixRegex:");
    }

    private static Set<String> idsWith(BulkReport report, JobOutcome.Kind kind) {
        return report.outcomes().stream()
                .filter(o -> o.kind() == kind)
                .map(JobOutcome::jobId)
                .collect(Collectors.toSet());
    }
}
