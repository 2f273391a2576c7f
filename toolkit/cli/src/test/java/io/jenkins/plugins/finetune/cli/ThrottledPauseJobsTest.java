package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The done-when of issue 12: pause-jobs against a resource limited to 200 requests/s pauses 1,000 jobs, none failed. */
@Timeout(60)
class ThrottledPauseJobsTest {

    private static final String KEY = "throttled-cli-secret-5d1e";

    @Test
    void pausesAThousandJobsUnderA200RequestsPerSecondLimitWithoutAFailure() throws Exception {
        try (FineTuningEmulator emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .latency(Duration.ofMillis(20))
                .rateLimit(200)
                .build()
                .start()) {
            emulator.seedRunningJobs(1000);

            Cli.Run run = new Cli(Map.of("FT_KEY", KEY), List.of(KEY))
                    .run("pause-jobs", "--all", "--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode outcomes = new ObjectMapper().readTree(run.out());
            assertThat(outcomes).hasSize(1000);
            outcomes.forEach(o -> assertThat(o.path("outcome").asText()).isEqualTo("paused"));
            assertThat(run.err()).contains("Bulk pause: paused 1000, already paused 0, skipped 0, failed 0");
            assertThat(emulator.throttledRequests())
                    .as("429s; the limit was reached")
                    .isPositive();
            assertThat(emulator.jobIds())
                    .allSatisfy(id -> assertThat(emulator.job(id).status()).isIn("pausing", "paused"));
        }
    }
}
