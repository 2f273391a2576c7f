package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's fleet ({@code demo/fleet.json}, started by {@code demo/run.sh}) loads, and holds what the demo's example
 * jobs select: the one job the single pause names, tagged and untagged running jobs for the nightly pause, a tagged job
 * paused already, and jobs that ended. The plugin's {@code DemoTest} then runs the jobs themselves in Jenkins.
 */
class DemoFleetTest {

    private static final Path FLEET = Path.of("..", "..", "demo", "fleet.json");

    @Test
    void theDemoFleetHasWhatTheExampleJobsSelect() {
        try (FineTuningEmulator emulator = EmulatorMain.startFromCommandLine(
                name -> null,
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                "--port",
                "0",
                "--api-key",
                "demo-key",
                "--jobs-file",
                FLEET.toString(),
                "--quiet")) {
            List<JobSnapshot> jobs =
                    emulator.jobIds().stream().map(emulator::job).toList();

            assertThat(emulator.job("ftjob-00000000000000000000000000000001").status())
                    .isEqualTo("running");
            assertThat(jobs.stream().filter(job -> tagged(job) && job.status().equals("running")))
                    .as("tagged running jobs for the nightly pause")
                    .hasSize(3);
            assertThat(jobs.stream().filter(job -> tagged(job) && job.status().equals("paused")))
                    .hasSize(1);
            assertThat(jobs.stream().filter(job -> !tagged(job) && job.status().equals("running")))
                    .as("untagged running jobs the nightly pause leaves alone")
                    .isNotEmpty();
            assertThat(jobs).extracting(JobSnapshot::status).contains("failed", "succeeded");
        }
    }

    private static boolean tagged(JobSnapshot job) {
        Map<String, String> metadata = job.metadata();
        return metadata != null && "true".equals(metadata.get("pause_at_night"));
    }
}
