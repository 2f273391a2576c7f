package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bulk operations against an emulator that limits the request rate or asks to hold back: adaptive
 * concurrency grows on clean answers and backs off on 429, a Retry-After holds every worker back,
 * a fixed concurrency bounds the requests in flight, and the listing never runs ahead of the workers.
 */
@Timeout(120)
class ThrottledBulkOperationTest {

    private static final String KEY = "throttled-bulk-key";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private FineTuningEmulator emulator(UnaryOperator<FineTuningEmulator.Builder> settings) {
        FineTuningEmulator emulator = settings.apply(
                        FineTuningEmulator.builder().apiKey(KEY).pauseDelay(Duration.ofSeconds(30)))
                .build()
                .start();
        open.add(emulator);
        return emulator;
    }

    private FineTuningClient client(FineTuningEmulator emulator) {
        FineTuningClient client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(KEY))
                .build();
        open.add(client);
        return client;
    }

    private BulkReport pause(FineTuningEmulator emulator, BulkRequest.Builder request) {
        return BulkOperation.run(client(emulator), request.build(), log::add);
    }

    private static BulkRequest.Builder pauseIds(List<String> ids) {
        return BulkRequest.builder(
                JobChange.PAUSE, JobSelector.builder().jobIds(ids).build());
    }

    private static BulkRequest.Builder pauseRunning() {
        return BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build());
    }

    @Test
    void adaptiveConcurrencyGrowsBeyondItsStartWhileAnswersComeBackClean() {
        FineTuningEmulator emulator = emulator(b -> b.latency(Duration.ofMillis(20)));
        List<String> ids = emulator.seedRunningJobs(400);

        BulkReport report = pause(emulator, pauseIds(ids));

        assertThat(report.count(JobOutcome.Kind.CHANGED)).isEqualTo(400);
        assertThat(emulator.peakRequestsInFlight())
                .isGreaterThan(AdaptiveConcurrency.INITIAL)
                .isLessThanOrEqualTo(BulkRequest.DEFAULT_CONCURRENCY);
        assertThat(log).last().asString().doesNotContain("concurrency", "throttled"); // nothing to tell
    }

    @Test
    void adaptiveConcurrencyBacksOffUnderARateLimitWhereFixedConcurrencyKeepsHammering() {
        FineTuningEmulator fixedServer =
                emulator(b -> b.latency(Duration.ofMillis(20)).rateLimit(50));
        BulkReport fixed = pause(
                fixedServer,
                pauseIds(fixedServer.seedRunningJobs(200)).adaptive(false).concurrency(64));
        FineTuningEmulator adaptiveServer =
                emulator(b -> b.latency(Duration.ofMillis(20)).rateLimit(50));
        BulkReport adaptive = pause(adaptiveServer, pauseIds(adaptiveServer.seedRunningJobs(200)));

        assertThat(adaptive.count(JobOutcome.Kind.CHANGED)).isEqualTo(200);
        assertThat(adaptive.hasFailures()).isFalse();
        assertThat(adaptiveServer.throttledRequests())
                .as(
                        "429s for adaptive %d vs fixed 64 %d",
                        adaptiveServer.throttledRequests(), fixedServer.throttledRequests())
                .isPositive()
                .isLessThan(fixedServer.throttledRequests() / 3);
        assertThat(log)
                .last()
                .asString()
                .containsPattern(
                        "Azure throttled [1-9]\\d* answers?: concurrency cut back [1-9]\\d* times?, now \\d+ \\(peak \\d+, at most 64\\)");
        assertThat(fixed.hasFailures() || fixedServer.throttledRequests() > 0).isTrue();
    }

    @Test
    void aRetryAfterHoldsEveryWorkerBackNotOnlyTheOneThatWasTold() {
        FineTuningEmulator emulator = emulator(b -> b.latency(Duration.ofMillis(20)));
        List<String> ids = emulator.seedRunningJobs(1000);
        emulator.faults()
                .next(Fault.status(429).header("retry-after-ms", "1000").onlyFor("POST", "/pause"));

        BulkReport report = pause(emulator, pauseIds(ids).adaptive(false).concurrency(16));

        assertThat(report.count(JobOutcome.Kind.CHANGED)).isEqualTo(1000);
        List<Instant> arrivals =
                emulator.requests().stream().map(RecordedRequest::receivedAt).toList();
        Instant told = arrivals.get(0);
        // Without a shared hold-back, 15 workers would send about 500 requests in that window; with it, only
        // requests already on their way when the 429 was read arrive there (a few, more on a loaded machine).
        assertThat(arrivals)
                .as("requests received between 150 and 850 ms after the first request")
                .filteredOn(at -> at.isAfter(told.plusMillis(150)) && at.isBefore(told.plusMillis(850)))
                .hasSizeLessThan(3 * 16);
        assertThat(arrivals).anyMatch(at -> at.isAfter(told.plusMillis(1000)));
    }

    @Test
    void fixedConcurrencyBoundsTheRequestsInFlightAndSoDoesTheBoundOfAdaptiveConcurrency() {
        FineTuningEmulator fixedServer = emulator(b -> b.latency(Duration.ofMillis(20)));
        pause(
                fixedServer,
                pauseIds(fixedServer.seedRunningJobs(200)).adaptive(false).concurrency(5));
        assertThat(fixedServer.peakRequestsInFlight()).isEqualTo(5);

        FineTuningEmulator boundedServer = emulator(b -> b.latency(Duration.ofMillis(20)));
        BulkReport bounded = pause(
                boundedServer, pauseIds(boundedServer.seedRunningJobs(200)).concurrency(6));
        assertThat(bounded.count(JobOutcome.Kind.CHANGED)).isEqualTo(200);
        assertThat(boundedServer.peakRequestsInFlight()).isEqualTo(6);
        assertThat(log).last().asString().doesNotContain("concurrency"); // unthrottled: nothing about it to tell
    }

    @Test
    void theListingNeverRunsFurtherAheadThanTwoJobsPerWorker() {
        for (int concurrency : new int[] {8, BulkRequest.DEFAULT_CONCURRENCY}) {
            FineTuningEmulator emulator = emulator(b -> b);
            emulator.seedRunningJobs(2000);

            BulkReport report = pause(emulator, pauseRunning().concurrency(concurrency));

            assertThat(report.count(JobOutcome.Kind.CHANGED)).isEqualTo(2000);
            // When page p is asked for, pages 0..p-1 (100 jobs each) are handed out and at most
            // 2 × concurrency of them unfinished: so many pauses must have reached the server already.
            int page = 0;
            int pauses = 0;
            for (RecordedRequest request : emulator.requests()) {
                if (request.method().equals("POST")) {
                    pauses++;
                } else if (request.path().endsWith("/fine_tuning/jobs")) {
                    assertThat(pauses)
                            .as("pauses received before page %d at concurrency %d", page, concurrency)
                            .isGreaterThanOrEqualTo(page * 100 - 2 * concurrency);
                    page++;
                }
            }
            assertThat(page).isEqualTo(20);
        }
    }
}
