package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pause-jobs and resume-jobs: the scheduled-pause selection from cron, against the emulator. */
@Timeout(30)
class BulkCommandsTest {

    private static final String KEY = "bulk-cli-secret-91ab";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FineTuningEmulator emulator;
    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private final List<String> tagged = new ArrayList<>();
    private String other;

    @BeforeEach
    void seed() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMillis(50))
                .resumeDelay(Duration.ofMillis(50))
                .build()
                .start();
        for (int i = 0; i < 4; i++) {
            tagged.add(emulator.seedJob(JobSeed.running().suffix("nightly-" + i).metadata("pause_at_night", "true")));
        }
        other = emulator.seedJob(JobSeed.running().suffix("nightly-x"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Cli.Run run(String command, String... args) {
        List<String> all =
                new ArrayList<>(List.of(command, "--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void pausesTheTaggedJobsAndPrintsOneOutcomeEach() throws Exception {
        Cli.Run run = run("pause-jobs", "--metadata", "pause_at_night=true", "--wait", "--timeout", "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode outcomes = JSON.readTree(run.out());
        assertThat(outcomes).hasSize(tagged.size());
        List<String> ids = new ArrayList<>();
        outcomes.forEach(o -> {
            ids.add(o.path("id").asText());
            assertThat(o.path("outcome").asText()).isEqualTo("paused");
            assertThat(o.path("status").asText()).isEqualTo("paused");
        });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(tagged);
        assertThat(emulator.job(other).status()).isEqualTo("running");
        assertThat(run.err()).contains("Bulk pause: paused 4, already paused 0, skipped 0, failed 0");

        Cli.Run resume = run("resume-jobs", "--metadata", "pause_at_night=true", "-o", "table");
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.out()).startsWith("ID").contains("resumed");
    }

    @Test
    void dryRunSendsNoPost() {
        emulator.clearRequests();
        Cli.Run run = run("pause-jobs", "--suffix", "nightly-", "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("would_pause");
        assertThat(emulator.requests()).extracting(RecordedRequest::method).containsOnly("GET");
    }

    @Test
    void aFailedJobExitsThreeUnlessToldNotTo() {
        String broken = tagged.get(0);
        emulator.faults().next(4, Fault.status(403).onlyFor("POST", broken + "/pause"));
        Cli.Run run = run("pause-jobs", "--job-id", String.join(",", tagged));
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("\"outcome\" : \"failed\"");
        assertThat(run.err()).contains("failed 1");

        emulator.faults().next(4, Fault.status(403).onlyFor("POST", tagged.get(1) + "/pause"));
        Cli.Run tolerant = run("pause-jobs", "--job-id", tagged.get(1), "--no-fail-on-error");
        assertThat(tolerant.exitCode()).isZero();
    }

    @Test
    void badSelectionIsAUsageErrorNamingTheField() {
        Cli.Run run = run("pause-jobs", "--suffix-regex", "nightly-(");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --suffix-regex: 'nightly-(' is not a valid regular expression");
        Cli.Run ids = run("pause-jobs", "--job-id", "../etc");
        assertThat(ids.exitCode()).isEqualTo(2);
        assertThat(ids.err()).startsWith("error: --job-id: ");
    }
}
