package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demoPausesAJobOnTheEmulatorAndPrintsIt() throws Exception {
        long started = System.nanoTime();

        Cli.Run run = new Cli(Map.of(), List.of()).run("demo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode job = new ObjectMapper().readTree(run.out());
        assertThat(job.path("object").asText()).isEqualTo("fine_tuning.job");
        assertThat(job.path("status").asText()).isEqualTo("paused");
        assertThat(run.err())
                .contains(
                        "Started the fine-tuning emulator at http://127.0.0.1:",
                        "Seeded 3 running jobs",
                        "running → pausing",
                        "pausing → paused",
                        "Stopped the emulator");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
