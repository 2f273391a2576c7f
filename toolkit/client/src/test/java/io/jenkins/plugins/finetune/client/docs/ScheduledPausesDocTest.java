package io.jenkins.plugins.finetune.client.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.bulk.BulkArguments;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every bulk step call written in docs/scheduled-pauses.md, with the arguments exactly as
 * written, through the same translation the Pipeline steps use, against the emulator.
 */
@Timeout(60)
class ScheduledPausesDocTest {

    private static final Pattern CALL = Pattern.compile("\\b(pauseFineTunes|resumeFineTunes)\\((.*)\\)");
    private static final Path DOC = Path.of("..", "..", "docs", "scheduled-pauses.md");

    private FineTuningEmulator emulator;
    private FineTuningClient client;
    private final List<String> tagged = new ArrayList<>();
    private String untagged;

    @BeforeEach
    void seed() {
        emulator = FineTuningEmulator.builder()
                .apiKey("k")
                .pauseDelay(Duration.ofMillis(50))
                .resumeDelay(Duration.ofMillis(50))
                .build()
                .start();
        for (int i = 0; i < 5; i++) {
            tagged.add(emulator.seedJob(JobSeed.running().suffix("nightly-" + i).metadata("pause_at_night", "true")));
        }
        untagged = emulator.seedJob(JobSeed.running().suffix("nightly-x"));
        emulator.seedJob(JobSeed.running().id("ftjob-0123456789abcdef0123456789abcdef"));
        emulator.seedJob(JobSeed.withStatus("paused").id("ftjob-fedcba9876543210fedcba9876543210"));
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential("k"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void everyDocumentedBulkCallRunsAsDescribed() throws IOException {
        List<Matcher> calls = calls();
        assertThat(calls).as("bulk step calls in %s", DOC).hasSizeGreaterThanOrEqualTo(4);

        // 1. The evening pause: tagged running jobs, waited until paused.
        BulkReport evening = run(calls.get(0));
        assertThat(evening.outcomes()).extracting(JobOutcome::jobId).containsExactlyInAnyOrderElementsOf(tagged);
        assertThat(evening.outcomes()).allSatisfy(o -> assertThat(o.status()).isEqualTo("paused"));
        assertThat(emulator.job(untagged).status()).isEqualTo("running");

        // 2. The morning resume: the same jobs again.
        BulkReport morning = run(calls.get(1));
        assertThat(morning.outcomes())
                .extracting(JobOutcome::kind)
                .containsOnly(JobOutcome.Kind.CHANGED)
                .hasSize(tagged.size());

        // 3. The dry run changes nothing and sends no POST.
        waitUntilRunning();
        emulator.clearRequests();
        BulkReport preview = run(calls.get(2));
        assertThat(preview.outcomes())
                .extracting(JobOutcome::kind)
                .containsOnly(JobOutcome.Kind.WOULD_CHANGE)
                .hasSize(tagged.size());
        assertThat(emulator.requests()).extracting(RecordedRequest::method).containsOnly("GET");

        // 4. Explicit ids: one running (paused now), one already paused.
        BulkReport explicit = run(calls.get(3));
        assertThat(explicit.outcomes())
                .extracting(JobOutcome::kind)
                .containsExactly(JobOutcome.Kind.CHANGED, JobOutcome.Kind.ALREADY_DONE);
    }

    private BulkReport run(Matcher call) {
        JobChange change = call.group(1).startsWith("pause") ? JobChange.PAUSE : JobChange.RESUME;
        Map<String, Object> arguments = GroovyNamedArguments.parse(call.group(2));
        assertThat(BulkArguments.NAMES).as("arguments of %s", call.group()).containsAll(arguments.keySet());
        // Polling as the steps do, only faster, so the documented wait: true finishes in test time.
        var request = BulkArguments.toRequest(change, arguments);
        var fast = io.jenkins.plugins.finetune.client.bulk.BulkRequest.builder(change, request.selector())
                .dryRun(request.dryRun())
                .waitForFinalStatus(request.waitForFinalStatus())
                .timeout(request.timeout())
                .concurrency(request.concurrency())
                .pollInterval(Duration.ofMillis(20))
                .build();
        return BulkOperation.run(client, fast, line -> {});
    }

    private void waitUntilRunning() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tagged.stream().anyMatch(id -> !emulator.job(id).status().equals("running"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static List<Matcher> calls() throws IOException {
        List<Matcher> out = new ArrayList<>();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher matcher = CALL.matcher(line);
            if (matcher.find()) {
                out.add(matcher);
            }
        }
        return out;
    }
}
