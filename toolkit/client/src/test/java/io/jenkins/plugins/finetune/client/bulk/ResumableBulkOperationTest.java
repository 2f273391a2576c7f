package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two halves a front end that survives restarts uses: {@link BulkOperation#select} lists the selection in full,
 * {@link BulkOperation#change} changes exactly the given jobs on the caller's (shared) executor, tells each outcome
 * as it happens, and with {@code recheck} never sends a change that took effect before a restart.
 */
@Timeout(60)
class ResumableBulkOperationTest {

    private static final String KEY = "resumable-bulk-key";

    private FineTuningEmulator emulator;
    private FineTuningClient client;
    private ExecutorService shared;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<JobOutcome> heard = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMinutes(5))
                .build()
                .start();
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .httpOptions(HttpOptions.builder().maxRetries(0).build())
                .build();
        shared = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        shared.shutdownNow();
        client.close();
        emulator.close();
    }

    private BulkListener listener() {
        return new BulkListener() {
            @Override
            public void line(String line) {
                log.add(line);
            }

            @Override
            public void outcome(JobOutcome outcome) {
                heard.add(outcome);
            }
        };
    }

    private static BulkRequest pauseRunning(int concurrency) {
        return BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build())
                .concurrency(concurrency)
                .adaptive(false)
                .build();
    }

    @Test
    void selectListsTheMatchingJobsWithTheirStatusesAndChangesNothing() {
        List<String> running = emulator.seedRunningJobs(150);
        emulator.seedJob(JobSeed.withStatus("paused"));
        emulator.seedJob(JobSeed.withStatus("succeeded"));

        BulkSelection selection = BulkOperation.select(client, pauseRunning(8));

        assertThat(selection.jobs()).extracting(SelectedJob::jobId).containsExactlyInAnyOrderElementsOf(running);
        assertThat(selection.jobs()).extracting(SelectedJob::status).containsOnly("running");
        assertThat(selection.listed()).isEqualTo(152);
        assertThat(selection.listingFailure()).isNull();
        assertThat(emulator.requests()).allMatch(r -> r.method().equals("GET"));
    }

    @Test
    void selectTakesExplicitIdsAsGivenWithoutARequest() {
        BulkRequest request = BulkRequest.builder(
                        JobChange.PAUSE,
                        JobSelector.builder()
                                .jobIds(List.of("ftjob-a", "ftjob-b"))
                                .build())
                .build();

        BulkSelection selection = BulkOperation.select(client, request);

        assertThat(selection.jobs())
                .containsExactly(new SelectedJob("ftjob-a", null), new SelectedJob("ftjob-b", null));
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void changeChangesExactlyTheGivenJobsAndTellsEachOutcomeOnce() {
        List<String> ids = emulator.seedRunningJobs(40);
        List<SelectedJob> chosen = ids.subList(0, 30).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();

        BulkReport report = BulkOperation.change(client, pauseRunning(8), chosen, false, shared, listener());

        assertThat(report.outcomes()).extracting(JobOutcome::jobId).containsExactlyElementsOf(ids.subList(0, 30));
        assertThat(report.count(JobOutcome.Kind.CHANGED)).isEqualTo(30);
        assertThat(heard).extracting(JobOutcome::jobId).containsExactlyInAnyOrderElementsOf(ids.subList(0, 30));
        assertThat(pauses()).containsExactlyInAnyOrderElementsOf(ids.subList(0, 30));
        for (String untouched : ids.subList(30, 40)) {
            assertThat(emulator.job(untouched).status()).isEqualTo("running");
        }
    }

    @Test
    void recheckCountsAChangeThatTookEffectAsChangedWithoutSendingItAgain() {
        String alreadyPausing = emulator.seedJob(JobSeed.withStatus("pausing"));
        String stillRunning = emulator.seedJob(JobSeed.running());
        String namedAndPaused = emulator.seedJob(JobSeed.withStatus("paused"));
        List<SelectedJob> remaining = List.of(
                new SelectedJob(alreadyPausing, "running"), // selected running, paused before the restart
                new SelectedJob(stillRunning, "running"), // its pause never left
                new SelectedJob(namedAndPaused, null)); // named by id, not known how it was

        BulkReport report = BulkOperation.change(client, pauseRunning(4), remaining, true, shared, listener());

        Map<String, JobOutcome> byId =
                report.outcomes().stream().collect(Collectors.toMap(JobOutcome::jobId, Function.identity()));
        assertThat(byId.get(alreadyPausing).kind()).isEqualTo(JobOutcome.Kind.CHANGED);
        assertThat(byId.get(alreadyPausing).status()).isEqualTo("pausing");
        assertThat(byId.get(stillRunning).kind()).isEqualTo(JobOutcome.Kind.CHANGED);
        assertThat(byId.get(namedAndPaused).kind()).isEqualTo(JobOutcome.Kind.CHANGED);
        assertThat(pauses()).containsExactly(stillRunning);
        assertThat(log).anyMatch(line -> line.contains(alreadyPausing) && line.contains("not sending it again"));
    }

    @Test
    void recheckStillSkipsAJobThatWasNotEligibleWhenSelected() {
        String queued = emulator.seedJob(JobSeed.withStatus("succeeded"));

        BulkReport report = BulkOperation.change(
                client, pauseRunning(2), List.of(new SelectedJob(queued, "queued")), true, shared, listener());

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(JobOutcome.Kind.SKIPPED);
            assertThat(o.status()).isEqualTo("succeeded");
        });
        assertThat(pauses()).isEmpty();
    }

    @Test
    void twoChangesShareOneSmallPoolAndEachKeepsItsOwnConcurrency() throws Exception {
        emulator.latency(Duration.ofMillis(20));
        List<String> ids = emulator.seedRunningJobs(60);
        List<SelectedJob> first = ids.subList(0, 30).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();
        List<SelectedJob> second = ids.subList(30, 60).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();

        CompletableFuture<BulkReport> a = CompletableFuture.supplyAsync(
                () -> BulkOperation.change(client, pauseRunning(2), first, false, shared, listener()));
        CompletableFuture<BulkReport> b = CompletableFuture.supplyAsync(
                () -> BulkOperation.change(client, pauseRunning(2), second, false, shared, listener()));

        assertThat(a.get(30, TimeUnit.SECONDS).count(JobOutcome.Kind.CHANGED)).isEqualTo(30);
        assertThat(b.get(30, TimeUnit.SECONDS).count(JobOutcome.Kind.CHANGED)).isEqualTo(30);
        assertThat(emulator.peakRequestsInFlight()).isLessThanOrEqualTo(4);
        assertThat(pauses()).hasSize(60);
    }

    @Test
    void interruptingOneChangeStopsOnlyItsOwnTasksOnTheSharedPool() throws Exception {
        emulator.latency(Duration.ofMillis(200));
        List<String> ids = emulator.seedRunningJobs(40);
        List<SelectedJob> interrupted = ids.subList(0, 30).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();
        List<SelectedJob> other = ids.subList(30, 40).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<BulkReport> stopped = callers.submit(
                    () -> BulkOperation.change(client, pauseRunning(2), interrupted, false, shared, listener()));
            Future<BulkReport> going = callers.submit(
                    () -> BulkOperation.change(client, pauseRunning(2), other, false, shared, listener()));
            Thread.sleep(500);
            stopped.cancel(true);

            assertThat(going.get(30, TimeUnit.SECONDS).count(JobOutcome.Kind.CHANGED))
                    .isEqualTo(10);
            assertThat(pauses()).hasSizeLessThan(40);
            assertThat(emulator.requestsInFlight()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerGetsTheClientsInterruptedException() {
        emulator.latency(Duration.ofMillis(200));
        List<SelectedJob> jobs = emulator.seedRunningJobs(10).stream()
                .map(id -> new SelectedJob(id, "running"))
                .toList();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BulkOperation.change(client, pauseRunning(2), jobs, false, shared, listener()))
                    .isInstanceOf(FineTuningInterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    private List<String> pauses() {
        List<String> ids = new ArrayList<>();
        for (RecordedRequest request : emulator.requests()) {
            if (request.method().equals("POST") && request.path().endsWith("/pause")) {
                String path = request.path();
                ids.add(path.substring(path.indexOf("/jobs/") + 6, path.lastIndexOf('/')));
            }
        }
        return ids;
    }
}
