package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The standalone emulator seeds jobs of any kind from its command line or a file, and its curl line works. */
class EmulatorSeedingTest {

    private record Started(FineTuningEmulator emulator, String banner) {}

    private static Started start(Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("--port", "0", "--quiet"));
        all.addAll(List.of(args));
        FineTuningEmulator emulator = EmulatorMain.start(
                CliOptions.parse(env::get, all.toArray(String[]::new)),
                new PrintStream(banner, true, StandardCharsets.UTF_8));
        return new Started(emulator, banner.toString(StandardCharsets.UTF_8));
    }

    @Test
    void seedsStatusesWithSuffixModelAndMetadataFromTheCommandLine() throws Exception {
        Started started = start(
                Map.of(),
                "--api-key",
                "k",
                "--jobs",
                "running=2,paused=1,succeeded=1",
                "--suffix",
                "nightly-",
                "--model",
                "gpt-4.1-mini",
                "--metadata",
                "pause_at_night=true",
                "--metadata=team=ml");
        try (FineTuningEmulator emulator = started.emulator()) {
            List<JobSnapshot> jobs =
                    emulator.jobIds().stream().map(emulator::job).toList();

            assertThat(jobs)
                    .extracting(JobSnapshot::status)
                    .containsExactlyInAnyOrder("running", "running", "paused", "succeeded");
            assertThat(jobs).allSatisfy(job -> {
                assertThat(job.suffix()).isEqualTo("nightly-");
                assertThat(job.model()).isEqualTo("gpt-4.1-mini");
                assertThat(job.metadata())
                        .containsExactly(Map.entry("pause_at_night", "true"), Map.entry("team", "ml"));
            });
            assertThat(started.banner())
                    .contains("paused     gpt-4.1-mini  suffix nightly-", "succeeded  gpt-4.1-mini"); // aligned
        }
    }

    @Test
    void seedsFromAJsonFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, """
                [
                  {"status": "paused", "count": 2, "suffix": "nightly-", "metadata": {"pause_at_night": "true"}},
                  {"id": "ftjob-0123456789abcdef0123456789abcdef", "model": "gpt-4.1"},
                  {"status": "failed"}
                ]
                """);
        Started started = start(Map.of(), "--api-key", "k", "--jobs-file", file.toString());
        try (FineTuningEmulator emulator = started.emulator()) {
            assertThat(emulator.jobIds()).hasSize(4).contains("ftjob-0123456789abcdef0123456789abcdef");
            JobSnapshot known = emulator.job("ftjob-0123456789abcdef0123456789abcdef");
            assertThat(known.status()).isEqualTo("running");
            assertThat(known.model()).isEqualTo("gpt-4.1");
            assertThat(emulator.jobIds().stream().map(emulator::job).map(JobSnapshot::status))
                    .containsExactlyInAnyOrder("paused", "paused", "running", "failed");
        }
    }

    @Test
    void theFileSaysHowJobsTrain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, """
                [
                  {"id": "ftjob-short", "total_steps": 20, "checkpoint_interval": 5, "event_interval": 2,
                   "validation_file": "file-val", "seed": 3},
                  {"id": "ftjob-doomed", "total_steps": 20, "fail_at_step": 4, "failure_message": "Out of memory."}
                ]
                """);
        Started started = start(Map.of(), "--api-key", "k", "--step-ms", "50", "--jobs-file", file.toString());
        try (FineTuningEmulator emulator = started.emulator()) {
            assertThat(emulator.job("ftjob-short").totalSteps()).isEqualTo(20);
            Api api = new Api(emulator, "k");
            Thread.sleep(1200); // 20 steps of 50 ms
            JsonNode doomed = api.get(Api.V1 + "/ftjob-doomed").json();
            assertThat(doomed.path("status").asText()).isEqualTo("failed");
            assertThat(doomed.path("error").path("message").asText()).isEqualTo("Out of memory.");
            assertThat(api.get(Api.V1 + "/ftjob-short").jobStatus()).isEqualTo("succeeded");
            JsonNode checkpoints = api.get(Api.V1 + "/ftjob-short/checkpoints").json();
            assertThat(checkpoints.path("data")).hasSize(4);
            assertThat(checkpoints.path("data").get(0).path("metrics").has("full_valid_loss"))
                    .isTrue();
            assertThat(api.get(Api.V1 + "/ftjob-short").json().path("seed").asInt())
                    .isEqualTo(3);
        }
    }

    @Test
    void impossibleTrainingFieldsAreUsageErrorsInTheFilesSpelling(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, "[{\"total_steps\": 10, \"fail_at_step\": 12}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageEndingWith("entry 0: fail_at_step must be from 1 to 10, not 12");
        Files.writeString(file, "[{\"total_steps\": 0}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageEndingWith("entry 0: total_steps must be a whole number from 1 to 100000");
        Files.writeString(file, "[{\"checkpoint_interval\": \"5\"}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageEndingWith("entry 0: checkpoint_interval must be a whole number from 1 to 100000");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--step-ms", "-1"))
                .hasMessageContaining("--step-ms must be a whole number from 0 to 86400000");
    }

    @Test
    void aBadFileIsAUsageErrorSayingWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, "[{\"status\": \"paused\", \"colour\": \"red\"}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageContaining("entry 0: unknown field(s) [colour]");

        Files.writeString(file, "[{\"status\": \"runing\"}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageContaining("entry 0 status: 'runing' is not a job status");

        Files.writeString(file, "[{\"id\": \"ftjob-1\", \"count\": 2}]");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageContaining("an id names one job, so count must be 1");

        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> CliOptions.parse("--api-key", "k", "--jobs-file", file.toString()))
                .hasMessageContaining("is not JSON");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theBannersCurlLineWorksWhenPastedWithAKeyGivenInTheOpen() throws Exception {
        Started started = start(Map.of(), "--api-key", "it's-local", "--jobs", "paused=1,running=1");
        try (FineTuningEmulator emulator = started.emulator()) {
            JsonNode job = Api.MAPPER.readTree(paste(curlLine(started.banner()), Map.of()));

            assertThat(job.path("status").asText()).isEqualTo("pausing");
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theBannersCurlLineWorksWhenPastedWithAKeyFromTheEnvironment() throws Exception {
        Started started =
                start(Map.of("EMULATOR_KEY", "env-key-1f2e"), "--api-key-env", "EMULATOR_KEY", "--jobs", "succeeded=1");
        try (FineTuningEmulator emulator = started.emulator()) {
            String curl = curlLine(started.banner());
            assertThat(curl).contains("\"api-key: $EMULATOR_KEY\"").doesNotContain("env-key-1f2e");

            JsonNode list = Api.MAPPER.readTree(paste(curl, Map.of("EMULATOR_KEY", "env-key-1f2e")));

            assertThat(list.path("object").asText()).isEqualTo("list");
            assertThat(list.path("data").get(0).path("status").asText()).isEqualTo("succeeded");
        }
    }

    private static String curlLine(String banner) {
        return banner.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("curl "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no curl line in " + banner));
    }

    /** Runs the line as a user would paste it into bash, with -s -f added so a 401 fails the test. */
    private static String paste(String curl, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", curl.replaceFirst("^curl ", "curl -s -f "));
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit code for: %s", curl).isZero();
        return out;
    }
}
