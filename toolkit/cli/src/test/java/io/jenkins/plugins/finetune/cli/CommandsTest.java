package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every command, in-process, against an in-process emulator over real HTTP. */
class CommandsTest {

    private static final String KEY = "emulator-secret-key-5f3a9c";
    private static final String TOKEN = "entra-token-secret-77d1e0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FineTuningEmulator emulator;
    private static Cli cli;

    @BeforeAll
    static void startEmulator() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .bearerToken(TOKEN)
                .pauseDelay(Duration.ofMillis(300))
                .resumeDelay(Duration.ofMillis(300))
                .build()
                .start();
        cli = new Cli(Map.of("FT_KEY", KEY, "FT_TOKEN", TOKEN, "EMPTY", " "), List.of(KEY, TOKEN));
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    /** Common options first, then the command's own. */
    private static Cli.Run run(String command, String... args) {
        List<String> all =
                new ArrayList<>(List.of(command, "--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void pausePrintsTheJobAsAzureAnswersIt() throws IOException {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run run = run("pause", id);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode job = json(run.out());
        assertThat(job.path("id").asText()).isEqualTo(id);
        assertThat(job.path("object").asText()).isEqualTo("fine_tuning.job");
        assertThat(job.path("status").asText()).isEqualTo("pausing");
        assertThat(run.out()).startsWith("{" + System.lineSeparator() + "  \"id\" : "); // indented, as in demo
        assertThat(run.err()).contains("Fine-tuning job " + id + ": running → pausing");
    }

    @Test
    void pauseWithWaitPrintsThePausedJob() throws IOException {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run run = run("pause", id, "--wait", "--timeout", "10", "--poll-interval", "0.05");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out()).path("status").asText()).isEqualTo("paused");
        assertThat(run.err()).contains("pausing → paused after");
        assertThat(emulator.job(id).status()).isEqualTo("paused");
    }

    @Test
    void resumeAndCancelWait() throws IOException {
        String id = emulator.seedJob(JobSeed.withStatus("paused"));

        Cli.Run resumed = run("resume", id, "--wait", "--poll-interval", "0.05");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(json(resumed.out()).path("status").asText()).isEqualTo("running");

        Cli.Run cancelled = run("cancel", id, "--wait", "--poll-interval", "0.05");
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(json(cancelled.out()).path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aJobThatCannotBeChangedFailsWithItsStatusUnlessToldNotTo() throws IOException {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run refused = run("resume", id);
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("error: ").contains("running");
        assertThat(refused.err().strip().lines()).hasSize(1);

        Cli.Run tolerated = run("resume", id, "--no-fail-if-not-eligible");
        assertThat(tolerated.exitCode()).as(tolerated.err()).isZero();
        assertThat(json(tolerated.out()).path("status").asText()).isEqualTo("running");
        assertThat(tolerated.err()).contains("left as it is");

        Cli.Run explicit = run("resume", id, "--fail-if-not-eligible");
        assertThat(explicit.exitCode()).isEqualTo(3);
    }

    @Test
    void waitingLongerThanTheTimeoutIsItsOwnExitCode() {
        try (FineTuningEmulator slow = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMinutes(5))
                .build()
                .start()) {
            String id = slow.seedJob(JobSeed.running());

            Cli.Run run = cli.run(
                    "pause",
                    id,
                    "--endpoint",
                    slow.baseUrl(),
                    "--api-key-env",
                    "FT_KEY",
                    "--wait",
                    "--timeout",
                    "0.3",
                    "--poll-interval",
                    "0.1");

            assertThat(run.exitCode()).isEqualTo(5);
            assertThat(run.err()).contains("error: Timed out").contains("pausing");
        }
    }

    @Test
    void getListAndEvents() throws IOException {
        List<String> ids = emulator.seedRunningJobs(3);

        Cli.Run get = run("get", ids.get(0));
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(json(get.out()).path("id").asText()).isEqualTo(ids.get(0));

        Cli.Run all = run("list", "--all", "--limit", "2");
        assertThat(all.exitCode()).as(all.err()).isZero();
        List<String> listed = new ArrayList<>();
        json(all.out()).forEach(job -> listed.add(job.path("id").asText()));
        assertThat(listed)
                .containsAll(ids)
                .doesNotHaveDuplicates()
                .hasSize(emulator.jobIds().size());

        Cli.Run page = run("list", "--limit", "1");
        assertThat(page.exitCode()).as(page.err()).isZero();
        assertThat(json(page.out())).hasSize(1);
        String first = json(page.out()).get(0).path("id").asText();
        assertThat(page.err()).contains("--after " + first);

        Cli.Run next = run("list", "--limit", "1", "--after", first);
        assertThat(json(next.out()).get(0).path("id").asText()).isNotEqualTo(first);

        run("pause", ids.get(1));
        Cli.Run events = run("events", ids.get(1));
        assertThat(events.exitCode()).as(events.err()).isZero();
        JsonNode list = json(events.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).isNotEmpty();
        assertThat(list.get(0).path("object").asText()).isEqualTo("fine_tuning.job.event");
    }

    @Test
    void tableOutputHasAlignedColumns() {
        String id = emulator.seedJob(JobSeed.running().model("gpt-4.1-mini"));

        Cli.Run run = run("get", id, "--output", "table");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ID").contains("STATUS", "MODEL", "FINE_TUNED_MODEL", "CREATED_AT");
        assertThat(lines.get(1)).startsWith(id).contains("running", "gpt-4.1-mini");
        assertThat(lines.get(1).indexOf("running")).isEqualTo(lines.get(0).indexOf("STATUS"));
        assertThat(lines.get(1).indexOf("gpt-4.1-mini")).isEqualTo(lines.get(0).indexOf("MODEL"));

        Cli.Run list = run("list", "-o", "TABLE", "--all");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines()).hasSize(emulator.jobIds().size() + 1);

        Cli.Run events = run("events", id, "--output", "table");
        assertThat(events.exitCode()).as(events.err()).isZero();
        assertThat(events.out()).startsWith("ID").contains("LEVEL", "MESSAGE");
    }

    @Test
    void bearerTokenFromTheEnvironment() throws IOException {
        String id = emulator.seedJob(JobSeed.running());

        Cli.Run run = cli.run("get", id, "--endpoint", emulator.baseUrl(), "--token-env", "FT_TOKEN");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out()).path("id").asText()).isEqualTo(id);
        assertThat(emulator.requests().get(emulator.requests().size() - 1).headers())
                .containsKey("authorization")
                .doesNotContainKey("api-key");
    }

    @Test
    void endpointFromTheEnvironment() throws IOException {
        String id = emulator.seedJob(JobSeed.running());
        Cli withEndpoint =
                new Cli(Map.of("AZURE_OPENAI_ENDPOINT", emulator.baseUrl(), "AZURE_OPENAI_API_KEY", KEY), List.of(KEY));

        Cli.Run run = withEndpoint.run("get", id);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out()).path("id").asText()).isEqualTo(id);
    }

    @Test
    void missingOrEmptyVariableIsAUsageErrorNamingIt() {
        Cli.Run missing =
                cli.run("get", "ftjob-1", "--endpoint", emulator.baseUrl(), "--api-key-env", "NOT_SET_ANYWHERE");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo("error: --api-key-env: environment variable NOT_SET_ANYWHERE is not set"
                        + System.lineSeparator());
        assertThat(missing.out()).isEmpty();

        Cli.Run empty = cli.run("get", "ftjob-1", "--endpoint", emulator.baseUrl(), "--token-env", "EMPTY");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("EMPTY", "is empty");

        Cli.Run defaulted = cli.run("get", "ftjob-1", "--endpoint", emulator.baseUrl());
        assertThat(defaulted.exitCode()).isEqualTo(2);
        assertThat(defaulted.err())
                .isEqualTo("error: --api-key-env: environment variable AZURE_OPENAI_API_KEY (the default) is not set"
                        + System.lineSeparator());

        Cli.Run noEndpoint = cli.run("get", "ftjob-1", "--api-key-env", "FT_KEY");
        assertThat(noEndpoint.exitCode()).isEqualTo(2);
        assertThat(noEndpoint.err()).contains("--endpoint", "AZURE_OPENAI_ENDPOINT");

        Cli.Run both = cli.run(
                "get",
                "ftjob-1",
                "--endpoint",
                emulator.baseUrl(),
                "--api-key-env",
                "FT_KEY",
                "--token-env",
                "FT_TOKEN");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void aSecretPassedWhereTheVariableNameGoesIsNotEchoed() {
        String pastedKey = "0123456789abcdef0123456789abcdef";
        Cli guarded = new Cli(Map.of(), List.of(pastedKey));

        Cli.Run run = guarded.run("get", "ftjob-1", "--endpoint", emulator.baseUrl(), "--api-key-env", pastedKey);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--api-key-env", "NAME of an environment variable");
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheField() {
        Cli.Run badId = run("pause", "ftjob/../../x");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).startsWith("error: JOB_ID:");

        Cli.Run badVersion = run("get", "ftjob-1", "--api-version", "2");
        assertThat(badVersion.exitCode()).isEqualTo(2);
        assertThat(badVersion.err()).startsWith("error: --api-version:");

        Cli.Run badEndpoint = cli.run("get", "ftjob-1", "--endpoint", "http://example.com", "--api-key-env", "FT_KEY");
        assertThat(badEndpoint.exitCode()).isEqualTo(2);
        assertThat(badEndpoint.err()).startsWith("error: --endpoint:");

        Cli.Run badLimit = run("list", "--limit", "500");
        assertThat(badLimit.exitCode()).isEqualTo(2);
        assertThat(badLimit.err()).startsWith("error: --limit:");

        Cli.Run badTimeout = run("pause", "ftjob-1", "--timeout", "-1");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).startsWith("error: ").contains("--timeout");

        Cli.Run badOutput = run("get", "ftjob-1", "--output", "yaml");
        assertThat(badOutput.exitCode()).isEqualTo(2);

        Cli.Run unknownOption = run("get", "ftjob-1", "--frobnicate");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err().strip().lines()).hasSize(1);

        Cli.Run noJob = run("pause");
        assertThat(noJob.exitCode()).isEqualTo(2);
        assertThat(noJob.err()).contains("JOB_ID");

        Cli.Run noCommand = cli.run();
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("name a command");
    }

    @Test
    void unknownJobIsAnApiError() {
        Cli.Run run = run("get", "ftjob-doesnotexist");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: ").contains("ftjob-doesnotexist", "not found");
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void wrongKeyIsAnApiErrorWithoutTheKey() {
        Cli wrong = new Cli(Map.of("FT_KEY", "wrong-key-abc"), List.of("wrong-key-abc", KEY));

        Cli.Run run = wrong.run("get", "ftjob-1", "--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("401");
    }

    @Test
    void connectionRefusedIsANetworkError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Cli.Run run = cli.run(
                "get",
                "ftjob-1",
                "--endpoint",
                "http://127.0.0.1:" + closedPort,
                "--api-key-env",
                "FT_KEY",
                "--max-retries",
                "0",
                "--connect-timeout",
                "2");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("error: ");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void interruptionExits130() throws Exception {
        try (FineTuningEmulator slow = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMinutes(5))
                .build()
                .start()) {
            String id = slow.seedJob(JobSeed.running());
            Cli.Run[] result = new Cli.Run[1];
            Thread runner = new Thread(() -> result[0] = cli.run(
                    "pause",
                    id,
                    "--endpoint",
                    slow.baseUrl(),
                    "--api-key-env",
                    "FT_KEY",
                    "--wait",
                    "--poll-interval",
                    "30"));
            runner.start();
            while (!"pausing".equals(slow.job(id).status()) && runner.isAlive()) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            runner.interrupt();
            runner.join(10_000);

            assertThat(runner.isAlive()).isFalse();
            assertThat(result[0].exitCode()).isEqualTo(130);
            assertThat(result[0].err()).contains("error: ").containsIgnoringCase("interrupted");
        }
    }

    @Test
    void helpAndVersion() {
        Cli.Run help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("pause", "resume", "cancel", "get", "list", "events", "demo", "Exit codes");

        Cli.Run pauseHelp = cli.run("pause", "--help");
        assertThat(pauseHelp.exitCode()).isZero();
        assertThat(pauseHelp.out())
                .contains(
                        "--api-key-env",
                        "--token-env",
                        "--wait",
                        "--timeout",
                        "--[no-]fail-if-not-eligible",
                        "--output",
                        "--connect-timeout",
                        "--response-timeout",
                        "--exchange-timeout",
                        "--max-retries");

        assertThat(cli.run("--version").out()).startsWith("foundry-fine-tuning-cli ");
    }
}
