package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listing that cannot complete (repeated cursor, has_more without progress) is never shown as whole. */
@Timeout(30)
class IncompleteListingTest {

    private static final String KEY = "listing-secret-77aa";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private FineTuningEmulator emulator;
    private String job;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder().apiKey(KEY).build().start();
        job = emulator.seedJob(JobSeed.running().suffix("nightly-1"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Cli.Run run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        return cli.run(all.toArray(String[]::new));
    }

    /** Every list page answers the same one job with has_more: true, so the cursor never moves on. */
    private void repeatTheSamePage() throws Exception {
        ObjectNode page = JSON.createObjectNode();
        page.put("object", "list");
        ArrayNode data = page.putArray("data");
        data.add(JSON.readTree(run("get", job).out()));
        page.put("has_more", true);
        emulator.faults()
                .next(
                        5,
                        Fault.respond(200, Map.of("Content-Type", "application/json"), page.toString())
                                .onlyFor("GET", "/fine_tuning/jobs"));
    }

    @Test
    void listAllStopsWithAnErrorAndPrintsNothingPartial() throws Exception {
        repeatTheSamePage();

        Cli.Run run = run("list", "--all");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith(
                        "error: Could not list all fine-tuning jobs: Azure said more follow after 1 listed but answered"
                                + " with a cursor seen before ('" + job + "'), so the list is incomplete");
    }

    @Test
    void aBulkChangeSaysItsListingWasCutShort() throws Exception {
        repeatTheSamePage();

        Cli.Run run = run("pause-jobs", "--suffix", "nightly-", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains(job, "would_pause");
        assertThat(run.err())
                .contains("listing stopped early: Could not list all fine-tuning jobs")
                .contains("error: listing the jobs stopped early (the reason is in the summary above); the outcomes"
                        + " printed cover only the jobs listed before that.");
        assertThat(run.err().split("Could not list all", -1))
                .as("the reason, once")
                .hasSize(2);

        repeatTheSamePage();
        Cli.Run json = run("pause-jobs", "--suffix", "nightly-", "--dry-run", "-o", "jsonl");
        String last = json.err().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(JSON.readTree(last).path("error").path("message").asText())
                .startsWith("listing the jobs stopped early: Could not list all fine-tuning jobs");
    }

    @Test
    void anEmptyPageThatClaimsMoreIsIncompleteToo() {
        emulator.faults()
                .next(Fault.respond(
                                200,
                                Map.of("Content-Type", "application/json"),
                                "{\"object\":\"list\",\"data\":[],\"has_more\":true}")
                        .onlyFor("GET", "/fine_tuning/jobs"));

        Cli.Run run = run("list", "--all", "-o", "json");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("\"kind\":\"azure_error\"", "answered an empty page");
    }

    @Test
    void listAllStopsAtItsMaxAndPrintsNothingPartial() {
        for (int i = 2; i <= 5; i++) {
            emulator.seedJob(JobSeed.running().suffix("nightly-" + i));
        }

        Cli.Run capped = run("list", "--all", "--limit", "2", "--max", "3");
        assertThat(capped.exitCode()).isEqualTo(3);
        assertThat(capped.out()).isEmpty();
        assertThat(capped.err())
                .contains("Azure still said more jobs follow after 3, the most --max lets one listing take");

        Cli.Run enough = run("list", "--all", "--limit", "2", "--max", "5", "-o", "jsonl");
        assertThat(enough.exitCode()).as(enough.err()).isZero();
        assertThat(enough.out().lines()).hasSize(5);

        assertThat(run("list", "--max", "3").exitCode()).isEqualTo(2);
        assertThat(run("list", "--all", "--max", "0").err()).contains("--max: must be between 1 and 1000000, got 0");
    }
}
