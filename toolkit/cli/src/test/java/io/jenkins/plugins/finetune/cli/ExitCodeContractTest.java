package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One exit-code table for single and bulk commands, the same in --help, the README and docs/cli.md. */
@Timeout(60)
class ExitCodeContractTest {

    private static final String KEY = "exit-code-secret-3c9d";

    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private FineTuningEmulator emulator;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMinutes(5))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Cli.Run runAt(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoint, "--api-key-env", "FT_KEY"));
        return cli.run(all.toArray(String[]::new));
    }

    private Cli.Run run(String... args) {
        return runAt(emulator.baseUrl(), args);
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void noAnswerIsFourForSingleAndBulkCommandsAlike() throws IOException {
        String closed = closedPort();

        Cli.Run single = runAt(closed, "pause", "ftjob-1", "--max-retries", "0");
        Cli.Run bulk = runAt(closed, "pause-jobs", "--all", "--max-retries", "0");

        assertThat(single.exitCode()).isEqualTo(4);
        assertThat(bulk.exitCode()).isEqualTo(4);
        assertThat(bulk.out()).as("no empty list that reads as 'no jobs'").isEmpty();
        assertThat(bulk.err()).contains("error: ", "Could not reach");
    }

    @Test
    void anAzureErrorIsThreeForSingleAndBulkCommandsAlike() {
        String id = emulator.seedJob(JobSeed.running());
        emulator.faults().next(Fault.status(403).onlyFor("POST", "/pause"));
        assertThat(run("pause", id).exitCode()).isEqualTo(3);

        emulator.faults().next(Fault.status(403).onlyFor("POST", "/pause"));
        Cli.Run bulk = run("pause-jobs", "--job-id", id);
        assertThat(bulk.exitCode()).isEqualTo(3);

        emulator.faults().next(Fault.status(403).onlyFor("GET", "/fine_tuning/jobs"));
        Cli.Run listing = run("pause-jobs", "--all");
        assertThat(listing.exitCode()).isEqualTo(3);
        assertThat(listing.out()).isEmpty();
    }

    @Test
    void aWaitThatRunsOutIsFiveForSingleAndBulkCommandsAlike() {
        String one = emulator.seedJob(JobSeed.running());
        String two = emulator.seedJob(JobSeed.running());

        Cli.Run single = run("pause", one, "--wait", "--timeout", "0.3", "--poll-interval", "0.1");
        assertThat(single.exitCode()).isEqualTo(5);
        assertThat(single.err()).contains("error: Timed out", "pausing");

        Cli.Run bulk = run("pause-jobs", "--job-id", two, "--wait", "--timeout", "1");
        assertThat(bulk.exitCode()).isEqualTo(5);
        assertThat(bulk.out()).contains("\"outcome\" : \"failed\"");
    }

    @Test
    void aWaitThatEndsInAnotherFinalStatusIsFive() throws IOException {
        String id = emulator.seedJob(JobSeed.running());
        ObjectNode failed =
                (ObjectNode) new ObjectMapper().readTree(run("get", id).out());
        failed.put("status", "failed");
        emulator.faults()
                .next(
                        10,
                        Fault.respond(200, Map.of("Content-Type", "application/json"), failed.toString())
                                .onlyFor("GET", id));

        Cli.Run run = run("pause", id, "--wait", "--timeout", "10", "--poll-interval", "0.05");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.out()).contains("\"status\" : \"failed\"");
        assertThat(run.err()).contains("ended in status 'failed', not 'paused'");
    }

    @Test
    void helpReadmeAndDocsShowTheSameTable() throws IOException {
        String help = cli.run("--help").out();
        String pauseJobsHelp = cli.run("pause-jobs", "--help").out();
        String readme = read(Path.of("..", "..", "README.md"));
        String docs = read(Path.of("..", "..", "docs", "cli.md"));

        ExitCodes.table().forEach((code, meaning) -> {
            String firstWords = meaning.substring(0, Math.min(meaning.length(), 40));
            assertThat(help).contains(code).contains(firstWords);
            assertThat(pauseJobsHelp).contains(firstWords);
            String row = "| " + code.strip() + " | " + meaning + " |";
            assertThat(readme).as("README.md row").contains(row);
            assertThat(docs).as("docs/cli.md row").contains(row);
        });
        assertThat(help).contains("lowest code among their failures");
        assertThat(readme).contains("lowest code among their failures");
        assertThat(docs).contains("lowest code among their failures");
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
