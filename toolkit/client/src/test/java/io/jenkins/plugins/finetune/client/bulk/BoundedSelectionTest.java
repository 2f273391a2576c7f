package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing a server or a selector says grows a selection without bound: a listing that answers {@code has_more: true}
 * for ever stops at the selection cap or the listed cap, a listed id that is not a job id is refused as it arrives, a
 * {@code suffixRegex} is limited in length and in time, and {@code jobIds} de-duplicate in linear time.
 */
@Timeout(60)
class BoundedSelectionTest {

    private ScriptedServer server;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        client = FineTuningClient.builder()
                .endpoint(server.baseUrl())
                .credential(new ApiKeyCredential("k"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Pages of {@code size} jobs in {@code status} with ids never seen before, each saying more follow. */
    private static Step endlessPages(int size, String status) {
        AtomicInteger next = new AtomicInteger();
        return Step.custom((request, socket, out, s) -> {
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    data.append(',');
                }
                data.append(TestJobs.job("ftjob-endless-" + next.incrementAndGet(), status));
            }
            String body = "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":true}";
            return Step.json(200, body).handle(request, socket, out, s);
        });
    }

    private static BulkRequest pauseEveryRunningJob(int maxJobs) {
        return BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build())
                .pageSize(100)
                .maxJobs(maxJobs)
                .build();
    }

    @Test
    void anEndlessListingOfMatchingJobsStopsAtTheSelectionCap() {
        server.otherwise(endlessPages(100, "running"));

        SelectionRefusedException refused = catchThrowableOfType(
                SelectionRefusedException.class, () -> BulkOperation.select(client, pauseEveryRunningJob(250)));

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.TOO_MANY_SELECTED);
        assertThat(refused.isCap()).isTrue();
        assertThat(refused.getMessage())
                .isEqualTo("more than 250 jobs were selected (after 251 listed), the most one bulk pause may select,"
                        + " so the selection stopped there");
        assertThat(server.requestCount()).as("pages of 100 until the 251st job").isEqualTo(3);
    }

    @Test
    void anEndlessListingOfJobsThatNeverMatchStopsAtTheListedCap() {
        server.otherwise(endlessPages(100, "succeeded")); // a pause selects running jobs only

        SelectionRefusedException refused = catchThrowableOfType(
                SelectionRefusedException.class, () -> BulkOperation.select(client, pauseEveryRunningJob(30)));

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.TOO_MANY_LISTED);
        assertThat(refused.getMessage())
                .startsWith("the listing went past 300 jobs (0 of them selected) and Azure still said more follow")
                .contains("at most 10 times its cap of 30 jobs");
        assertThat(server.requestCount()).as("pages of 100 until the 301st job").isEqualTo(4);
    }

    @Test
    void theStreamingRunStopsAtTheCapAndReportsItAsTheListingFailure() {
        server.otherwise(endlessPages(100, "running"));
        BulkRequest dryRun = BulkRequest.builder(
                        JobChange.PAUSE, JobSelector.builder().build())
                .pageSize(100)
                .maxJobs(150)
                .dryRun(true)
                .build();
        List<String> log = Collections.synchronizedList(new ArrayList<>());

        BulkReport report = BulkOperation.run(client, dryRun, log::add);

        assertThat(report.listingFailure()).isInstanceOf(SelectionRefusedException.class);
        assertThat(report.outcomes()).hasSize(150).allMatch(o -> o.kind() == JobOutcome.Kind.WOULD_CHANGE);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void explicitIdsBeyondTheCapAreRefusedBeforeAnyRequest() {
        JobSelector three = JobSelector.builder()
                .jobIds(List.of("ftjob-a", "ftjob-b", "ftjob-c"))
                .build();
        assertThatThrownBy(() ->
                        BulkRequest.builder(JobChange.PAUSE, three).maxJobs(2).build())
                .hasMessage("jobIds: 3 ids given; one bulk change takes at most 2");
        assertThat(BulkRequest.builder(JobChange.PAUSE, three).build().maxJobs())
                .isEqualTo(BulkRequest.DEFAULT_MAX_JOBS);
        assertThatThrownBy(() -> BulkRequest.builder(JobChange.PAUSE, three).maxJobs(0))
                .hasMessage("maxJobs: must be at least 1, got 0");
        // A front end's cap above the default admits more ids than the default would.
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= BulkRequest.DEFAULT_MAX_JOBS; i++) {
            many.add("ftjob-" + i);
        }
        assertThatThrownBy(() -> BulkArguments.toRequest(JobChange.PAUSE, java.util.Map.of("jobIds", many)))
                .hasMessage("jobIds: 100001 ids given; one bulk change takes at most 100000");
        assertThat(BulkArguments.toRequest(JobChange.PAUSE, java.util.Map.of("jobIds", many, "maxJobs", 200_000))
                        .maxJobs())
                .isEqualTo(200_000);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aHostileListedIdIsRefusedAsItArrivesAndNeverSentBack() {
        String hostile = "ftjob-x/../../deployments?api-key=";
        server.enqueue(Step.json(
                200,
                "{\"object\":\"list\",\"data\":[" + TestJobs.job("ftjob-fine", "running") + ","
                        + TestJobs.job(hostile, "running") + "],\"has_more\":true}"));
        server.otherwise(endlessPages(2, "running"));

        SelectionRefusedException refused = catchThrowableOfType(
                SelectionRefusedException.class, () -> BulkOperation.select(client, pauseEveryRunningJob(1000)));

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.INVALID_LISTED_ID);
        assertThat(refused.getMessage())
                .startsWith("the listing of fine-tuning jobs returned an id that is not a fine-tuning job id")
                .contains("'" + hostile + "' is not a fine-tuning job id");
        assertThat(server.requestCount())
                .as("no next page with the hostile id as its cursor")
                .isEqualTo(1);
    }

    @Test
    void aListedIdWithAControlCharacterIsRefusedByTheListStepToo() {
        server.enqueue(Step.json(
                200,
                "{\"object\":\"list\",\"data\":[" + TestJobs.job("ftjob-a\\r\\nX-Injected: 1", "running")
                        + "],\"has_more\":false}"));

        SelectionRefusedException refused = catchThrowableOfType(
                SelectionRefusedException.class,
                () -> JobListing.select(client, JobSelector.builder().build(), 10));

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.INVALID_LISTED_ID);
        assertThat(refused.getMessage()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void theListStepStopsAnEndlessListingOfJobsThatNeverMatch() {
        server.otherwise(endlessPages(100, "succeeded"));
        JobSelector running = JobSelector.builder().statuses(List.of("running")).build();

        SelectionRefusedException refused = catchThrowableOfType(
                SelectionRefusedException.class, () -> JobListing.select(client, running, 100, 450));

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.TOO_MANY_LISTED);
        assertThat(refused.getMessage()).startsWith("the listing went past 450 jobs (0 of them matching)");
        assertThat(server.requestCount()).isEqualTo(5);
        assertThat(JobListing.DEFAULT_MAX_LISTED).isEqualTo(1_000_000);
    }

    @Test
    void suffixRegexHasALengthLimitNamingTheField() {
        String longest = "a".repeat(JobSelector.MAX_SUFFIX_REGEX_LENGTH);
        assertThat(JobSelector.builder().suffixRegex(longest).build()).isNotNull();
        assertThatThrownBy(() -> JobSelector.builder().suffixRegex(longest + "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("suffixRegex: is 513 characters long; at most 512 are allowed");
        assertThatThrownBy(() -> BulkArguments.toCheckedRequest(
                        JobChange.PAUSE, java.util.Map.of("suffixRegex", longest + "b"), BulkArguments.PIPELINE))
                .hasMessageStartingWith("suffixRegex: is 513 characters long");
    }

    /**
     * {@code (.*a){20}} on 40 a's and a c backtracks for minutes (Java memoizes {@code (a+)+} loops, not a bounded
     * repetition): only the time limit ends it.
     */
    @Test
    @Timeout(20)
    void aCatastrophicSuffixRegexIsStoppedByTheTimeLimit() {
        FineTuningJob job = jobWithSuffix("a".repeat(40) + "c");
        JobSelector selector = JobSelector.builder().suffixRegex("(.*a){20}").build();

        long started = System.nanoTime();
        SelectionRefusedException refused =
                catchThrowableOfType(SelectionRefusedException.class, () -> selector.matchesAttributes(job));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(refused.reason()).isEqualTo(SelectionRefusedException.Reason.SUFFIX_REGEX_TOO_SLOW);
        assertThat(refused.getMessage())
                .startsWith("suffixRegex: matching the suffix 'aaaa")
                .contains("took longer than 1000 ms");
        assertThat(took).isBetween(JobSelector.SUFFIX_MATCH_TIME_LIMIT, Duration.ofSeconds(10));
        assertThat(JobSelector.builder().suffixRegex("(a+)+c").build().matchesAttributes(job))
                .as("a pattern that matches quickly still matches")
                .isTrue();
    }

    @Test
    @Timeout(20)
    void aCatastrophicSuffixRegexIsStoppedByAnInterrupt() throws Exception {
        FineTuningJob job = jobWithSuffix("a".repeat(40) + "c");
        JobSelector selector = JobSelector.builder().suffixRegex("(.*a){20}").build();
        List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> flagAfter = Collections.synchronizedList(new ArrayList<>());
        Thread matcher = new Thread(() -> {
            try {
                selector.matchesAttributes(job);
            } catch (RuntimeException e) {
                thrown.add(e);
            }
            flagAfter.add(Thread.currentThread().isInterrupted());
        });

        matcher.start();
        Thread.sleep(100); // well inside the match, well before the time limit
        long interrupted = System.nanoTime();
        matcher.interrupt();
        matcher.join(5000);

        assertThat(matcher.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofMillis(500));
        assertThat(thrown).singleElement().isInstanceOf(FineTuningInterruptedException.class);
        assertThat(thrown.get(0).getMessage()).startsWith("Interrupted while matching suffixRegex");
        assertThat(flagAfter).containsExactly(true);
    }

    @Test
    @Timeout(30)
    void aHundredThousandJobIdsDeduplicateQuicklyInTheirOrder() {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            given.add("ftjob-" + i);
        }
        List<String> withRepeats = new ArrayList<>(given);
        withRepeats.addAll(given.subList(0, 50_000)); // every other id twice, the repeats last
        withRepeats.add(1, "ftjob-99999"); // a repeat early: its first place wins

        long started = System.nanoTime();
        JobSelector selector = JobSelector.builder().jobIds(withRepeats).build();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<String> expected = new ArrayList<>(given);
        expected.remove("ftjob-99999");
        expected.add(1, "ftjob-99999");
        assertThat(selector.jobIds()).containsExactlyElementsOf(expected);
        assertThat(took).as("linear: a quadratic scan takes minutes").isLessThan(Duration.ofSeconds(5));
        assertThat(BulkRequest.builder(JobChange.PAUSE, selector).build().maxJobs())
                .isEqualTo(100_000);
    }

    private static FineTuningJob jobWithSuffix(String suffix) {
        return FineTuningJob.fromJson(TestJobs.job("ftjob-s", "running").replace("\"nightly\"", "\"" + suffix + "\""));
    }
}
