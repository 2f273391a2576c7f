package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** -o json is the same indented form in every command, -o jsonl one object per line, and errors follow. */
class OutputFormatsTest {

    private static final String KEY = "output-secret-2f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FineTuningEmulator emulator;
    private static final Cli CLI = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private static List<String> ids;

    @BeforeAll
    static void start() {
        emulator = FineTuningEmulator.builder().apiKey(KEY).build().start();
        ids = List.of(
                emulator.seedJob(JobSeed.running().suffix("out-1")),
                emulator.seedJob(JobSeed.running().suffix("out-2")));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Cli.Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        return CLI.run(all.toArray(String[]::new));
    }

    @Test
    void jsonIsIndentedInEveryCommandLikeTheDemo() throws Exception {
        for (Cli.Run run : List.of(
                run("get", ids.get(0)),
                run("list", "--all"),
                run("events", ids.get(0)),
                run("pause-jobs", "--suffix", "out-", "--dry-run"),
                run("get", ids.get(0), "-o", "json"))) {
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode parsed = JSON.readTree(run.out());
            assertThat(run.out()).isEqualTo(parsed.toPrettyString() + System.lineSeparator());
        }
    }

    @Test
    void jsonlIsOneCompactObjectPerLine() throws Exception {
        Cli.Run list = run("list", "--all", "-o", "jsonl");
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(emulator.jobIds().size());
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("object").asText()).isEqualTo("fine_tuning.job");
        }

        Cli.Run get = run("get", ids.get(1), "--output=jsonl");
        assertThat(get.out().lines()).hasSize(1);
        assertThat(JSON.readTree(get.out()).path("id").asText()).isEqualTo(ids.get(1));

        Cli.Run bulk = run("pause-jobs", "--suffix", "out-", "--dry-run", "-o", "jsonl");
        assertThat(bulk.out().lines())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("would_pause"));
    }

    @Test
    void withAnExplicitJsonOutputErrorsAreAJsonObjectOnStderr() throws Exception {
        Cli.Run notFound = run("get", "ftjob-missing", "-o", "json");
        assertThat(notFound.exitCode()).isEqualTo(3);
        assertThat(notFound.out()).isEmpty();
        JsonNode error = JSON.readTree(notFound.err()).path("error");
        assertThat(error.path("exit_code").asInt()).isEqualTo(3);
        assertThat(error.path("kind").asText()).isEqualTo("azure_error");
        assertThat(error.path("http_status").asInt()).isEqualTo(404);
        assertThat(error.path("message").asText()).contains("ftjob-missing", "not found");
        assertThat(error.path("request_id").asText()).isNotBlank();

        Cli.Run usage = run("list", "--limit", "0", "-o", "jsonl");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(JSON.readTree(usage.err()).path("error").path("message").asText())
                .startsWith("--limit: ");

        Cli.Run parse = run("list", "--limit", "many", "-ojson");
        assertThat(parse.exitCode()).isEqualTo(2);
        assertThat(JSON.readTree(parse.err()).path("error").path("kind").asText())
                .isEqualTo("usage");
    }

    @Test
    void withoutAnExplicitFormatErrorsStayReadableText() {
        Cli.Run run = run("get", "ftjob-missing");

        assertThat(run.err()).startsWith("error: Could not read fine-tuning job 'ftjob-missing'");
    }
}
