package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Util;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.builders.PauseFineTuneJobsBuilder;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTableCell;
import org.htmlunit.html.HtmlTableRow;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The build page after a waited change tells the truth, for each kind of step (Pipeline and freestyle, one job and
 * bulk): the final status, how long the wait took, the status before, the model and Azure's request id, and an
 * outcome that never contradicts the status beside it, on the page (HtmlUnit), in its API ({@code api/json}) and
 * in {@code all.json}. A wait that times out, or ends in another status, says so.
 */
@WithJenkins
class SettledRecordTest extends FoundryTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The table's columns (table.jelly). */
    private static final int OUTCOME = 2;

    private static final int STATUS = 3;
    private static final int MODEL = 4;
    private static final int REQUEST_ID = 7;

    @Test
    void pipelineSingleJobWithWait() throws Exception {
        String waited = emulator.seedJob(JobSeed.running().model("gpt-4o-mini"));
        String notWaited = emulator.seedJob(JobSeed.running().model("gpt-4.1"));
        WorkflowRun b = run(
                "def job = pauseFineTune(jobId: '" + waited + "', wait: true, timeout: 120)\n"
                        + "echo \"returned ${job.status}\"\n"
                        + "pauseFineTune(jobId: '" + notWaited + "')",
                Result.SUCCESS);
        j.assertLogContains("returned paused", b);

        FineTuneJobsAction.Entry entry = entries(b).get(0);
        assertSettled(b, entry, waited, "running", "gpt-4o-mini");
        FineTuneJobsAction.Entry unsettled = entries(b).get(1);
        assertThat(unsettled.getStatus(), is("pausing"));
        assertThat(unsettled.getWaitedMillis(), is(nullValue()));

        List<List<String>> rows = rows(b);
        assertRow(rows.get(0), entry, "paused", "running → paused");
        // Not waited on: Azure accepted the pause, the job is pausing: the page says the pause was requested.
        assertThat(cell(rows.get(1), OUTCOME), is("pause requested"));
        assertThat(cell(rows.get(1), STATUS), is("running → pausing"));

        // The main page counts what the job list shows: one paused, one whose pause was requested.
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            assertThat(
                    wc.getPage(b).asNormalizedText(),
                    containsString("Fine-tuning jobs: 2 jobs (pause requested: 1, paused: 1)"));
        }

        JsonNode api = api(b);
        assertThat(api.get("counts").get("paused").asInt(), is(2));
        assertApiEntry(api.get("entries").get(0), entry);
        JsonNode all = allJson(b);
        assertThat(all.size(), is(2));
        assertAllJsonLine(all.get(0), 0, entry);
        assertThat(all.get(1).get("status").asText(), is("pausing"));
        assertThat(all.get(1).get("waited_millis").isNull(), is(true));
        assertThat("the file is appended to: two records, one settlement", fileLines(b), is(3));
    }

    @Test
    void pipelineBulkWithWait() throws Exception {
        // More jobs than build.xml keeps: those past the first 100 are settled in the file only.
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            running.add(emulator.seedJob(JobSeed.running().model(i % 2 == 0 ? "gpt-4o-mini" : "gpt-4.1")));
        }
        String paused = emulator.seedJob(JobSeed.withStatus("paused").model("gpt-4.1"));
        String succeeded = emulator.seedJob(JobSeed.withStatus("succeeded").model("gpt-4.1"));
        WorkflowRun b = run(
                "def r = pauseFineTunes(status: 'running', wait: true, timeout: 120, concurrency: 16)\n"
                        + "echo \"returned ${r.findAll { it.outcome == 'paused' && it.status == 'paused' }.size()}\"\n"
                        + "pauseFineTunes(jobIds: ['" + paused + "', '" + succeeded + "'])",
                Result.SUCCESS);
        j.assertLogContains("returned 110", b);

        FineTuneJobsAction action = b.getAction(FineTuneJobsAction.class);
        assertThat(action.getTotal(), is(112));
        assertThat(action.getCounts(), is(Map.of("paused", 110, "already_paused", 1, "skipped", 1)));
        // Settled past the first 100 too: the main page's counts leave no job "pause requested".
        assertThat(action.getShownCounts(), is(Map.of("paused", 110, "already_paused", 1, "skipped", 1)));
        List<FineTuneJobsAction.Entry> kept = action.getEntries();
        assertThat(kept, hasSize(FineTuneJobsAction.KEPT_IN_BUILD_RECORD));
        for (FineTuneJobsAction.Entry entry : kept) {
            assertSettled(
                    b,
                    entry,
                    entry.getJobId(),
                    "running",
                    emulator.job(entry.getJobId()).model());
        }
        List<List<String>> rows = rows(b);
        assertRow(rows.get(0), kept.get(0), "paused", "running → paused");
        assertApiEntry(api(b).get("entries").get(99), kept.get(99));

        JsonNode all = allJson(b);
        assertThat(all.size(), is(112));
        for (int i = 0; i < 110; i++) {
            JsonNode line = all.get(i);
            assertThat(line.get("sequence").asInt(), is(i));
            assertThat(line.get("status").asText(), is("paused"));
            assertThat(line.get("outcome").asText(), is("paused"));
            assertThat(line.get("previous_status").asText(), is("running"));
            assertThat(
                    line.get("model").asText(),
                    is(emulator.job(line.get("id").asText()).model()));
            assertThat(line.get("request_id").asText(), not(is("")));
            j.assertLogContains(line.get("request_id").asText(), b);
            assertThat(line.get("waited_millis").asLong(), greaterThanOrEqualTo(300L));
        }
        assertThat(all.get(110).get("id").asText(), is(paused));
        assertThat(all.get(110).get("outcome").asText(), is("already_paused"));
        assertThat(all.get(110).get("previous_status").asText(), is("paused"));
        assertThat(all.get(111).get("outcome").asText(), is("skipped"));
        assertThat(all.get(111).get("status").asText(), is("succeeded"));
        assertThat(fileLines(b), is(112 + 110));
    }

    @Test
    void freestyleSingleJobWithWait() throws Exception {
        String id = emulator.seedJob(JobSeed.running().model("gpt-4o-mini"));
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTuneStep step = new PauseFineTuneStep(id);
        step.setWait(true);
        step.setTimeout(120);
        p.getBuildersList().add(new PauseFineTuneBuilder(step));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        FineTuneJobsAction.Entry entry = entries(b).get(0);
        assertSettled(b, entry, id, "running", "gpt-4o-mini");
        assertRow(rows(b).get(0), entry, "paused", "running → paused");
        assertApiEntry(api(b).get("entries").get(0), entry);
        assertAllJsonLine(allJson(b).get(0), 0, entry);
        assertThat(fileLines(b), is(2));
    }

    @Test
    void freestyleBulkWithWait() throws Exception {
        List<String> ids = List.of(
                emulator.seedJob(JobSeed.running().model("gpt-4o-mini")),
                emulator.seedJob(JobSeed.running().model("gpt-4.1")));
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTunesStep step = new PauseFineTunesStep();
        step.setJobIds(String.join(", ", ids));
        step.setWait(true);
        step.setTimeout(120);
        p.getBuildersList().add(new PauseFineTuneJobsBuilder(step));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        List<FineTuneJobsAction.Entry> entries = entries(b);
        List<List<String>> rows = rows(b);
        JsonNode api = api(b);
        JsonNode all = allJson(b);
        assertThat(all.size(), is(2));
        for (int i = 0; i < 2; i++) {
            FineTuneJobsAction.Entry entry = entries.get(i);
            assertSettled(
                    b, entry, ids.get(i), "running", emulator.job(ids.get(i)).model());
            assertRow(rows.get(i), entry, "paused", "running → paused");
            assertApiEntry(api.get("entries").get(i), entry);
            assertAllJsonLine(all.get(i), i, entry);
        }
    }

    /** A wait that times out, and one that ends in another status, say so on the page and in its JSON. */
    @Test
    void aWaitThatTimesOutOrEndsElsewhereSaysSo() throws Exception {
        try (FineTuningEmulator slow = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(Duration.ofMinutes(10))
                .build()
                .start()) {
            configureDefaults(slow);
            String timesOut = slow.seedJob(JobSeed.running().model("gpt-4o-mini"));
            String endsFailed = slow.seedJob(JobSeed.running().model("gpt-4.1"));
            // Its first poll reads it failed (the job broke while pausing): the wait is over, the pause never was.
            slow.faults()
                    .next(Fault.respond(
                                    200,
                                    Map.of("Content-Type", "application/json"),
                                    "{\"id\":\"" + endsFailed
                                            + "\",\"object\":\"fine_tuning.job\",\"status\":\"failed\","
                                            + "\"model\":\"gpt-4.1\",\"created_at\":1700000000}")
                            .onlyFor("GET", "/jobs/" + endsFailed));
            WorkflowRun b = run(
                    "pauseFineTune(jobId: '" + endsFailed + "', wait: true, timeout: 120)\n" + "pauseFineTune(jobId: '"
                            + timesOut + "', wait: true, timeout: 2)",
                    Result.FAILURE);
            j.assertLogContains("Timed out after 2 s", b);

            List<FineTuneJobsAction.Entry> entries = entries(b);
            FineTuneJobsAction.Entry failed = entries.get(0);
            assertThat(failed.getStatus(), is("failed"));
            assertThat(failed.getOutcome(), is("paused"));
            assertThat(failed.getOutcomeText(), is("pause requested"));
            assertThat(failed.getWaitedMillis(), notNullValue());
            FineTuneJobsAction.Entry timedOut = entries.get(1);
            assertThat(timedOut.getStatus(), is("pausing"));
            assertThat(timedOut.getOutcome(), is("failed"));
            assertThat(timedOut.getError(), is("timed out after 2 s waiting for it to be paused"));
            assertThat(timedOut.getWaitedMillis(), greaterThanOrEqualTo(2_000L));
            assertThat(timedOut.getRequestId(), notNullValue());

            List<List<String>> rows = rows(b);
            assertThat(cell(rows.get(0), OUTCOME), is("pause requested"));
            assertThat(cell(rows.get(0), STATUS), startsWith("running → failed"));
            assertThat(cell(rows.get(1), OUTCOME), startsWith("failed"));
            assertThat(cell(rows.get(1), OUTCOME), containsString("timed out after 2 s"));
            assertThat(cell(rows.get(1), STATUS), startsWith("running → pausing"));
            assertThat(api(b).get("counts").get("failed").asInt(), is(1));
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                assertThat(
                        wc.getPage(b).asNormalizedText(),
                        containsString("Fine-tuning jobs: 2 jobs (failed: 1, pause requested: 1)"));
            }
            JsonNode all = allJson(b);
            assertThat(all.get(1).get("outcome").asText(), is("failed"));
            assertThat(all.get(1).get("status").asText(), is("pausing"));
        } finally {
            configureDefaults(emulator);
        }
    }

    private void assertSettled(
            Run<?, ?> b, FineTuneJobsAction.Entry entry, String id, String previousStatus, String model)
            throws Exception {
        assertThat(entry.getJobId(), is(id));
        assertThat(entry.getOutcome(), is("paused"));
        assertThat(entry.getStatus(), is("paused"));
        assertThat(entry.getOutcomeText(), is("paused"));
        assertThat(entry.getPreviousStatus(), is(previousStatus));
        assertThat(entry.getModel(), is(model));
        assertThat(entry.getRequestId(), notNullValue());
        j.assertLogContains(entry.getRequestId(), b); // the id the console printed for this job's pause
        // The emulator pauses after 300 ms and the first poll comes after 1 s.
        assertThat(entry.getWaitedMillis(), allOf(greaterThanOrEqualTo(300L), lessThan(60_000L)));
    }

    private static void assertRow(
            List<String> row, FineTuneJobsAction.Entry entry, String outcome, String statusBeforeAndAfter) {
        assertThat(cell(row, OUTCOME), is(outcome));
        assertThat(
                cell(row, STATUS),
                is(statusBeforeAndAfter + "\nafter " + Util.getTimeSpanString(entry.getWaitedMillis())));
        assertThat(cell(row, MODEL), is(entry.getModel()));
        assertThat(cell(row, REQUEST_ID), is(entry.getRequestId()));
    }

    private static void assertApiEntry(JsonNode json, FineTuneJobsAction.Entry entry) {
        assertThat(json.get("jobId").asText(), is(entry.getJobId()));
        assertThat(json.get("outcome").asText(), is(entry.getOutcome()));
        assertThat(json.get("status").asText(), is(entry.getStatus()));
        assertThat(json.get("previousStatus").asText(), is(entry.getPreviousStatus()));
        assertThat(json.get("model").asText(), is(entry.getModel()));
        assertThat(json.get("requestId").asText(), is(entry.getRequestId()));
        assertThat(json.get("waitedMillis").asLong(), is(entry.getWaitedMillis()));
    }

    private static void assertAllJsonLine(JsonNode json, int sequence, FineTuneJobsAction.Entry entry) {
        assertThat(json.get("sequence").asInt(), is(sequence));
        assertThat(json.get("id").asText(), is(entry.getJobId()));
        assertThat(json.get("outcome").asText(), is(entry.getOutcome()));
        assertThat(json.get("status").asText(), is(entry.getStatus()));
        assertThat(json.get("previous_status").asText(), is(entry.getPreviousStatus()));
        assertThat(json.get("model").asText(), is(entry.getModel()));
        assertThat(json.get("request_id").asText(), is(entry.getRequestId()));
        assertThat(json.get("waited_millis").asLong(), is(entry.getWaitedMillis()));
    }

    private static List<FineTuneJobsAction.Entry> entries(Run<?, ?> b) {
        return b.getAction(FineTuneJobsAction.class).getEntries();
    }

    /** The page's table, each row as the text of its cells. */
    private List<List<String>> rows(Run<?, ?> b) throws Exception {
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.getPage(b, "fine-tuning-jobs");
            List<List<String>> rows = new ArrayList<>();
            for (HtmlTableRow row : page.<HtmlTableRow>getByXPath("//table[contains(@class,'ftj-table')]/tbody/tr")) {
                List<String> cells = new ArrayList<>();
                for (HtmlTableCell cell : row.getCells()) {
                    cells.add(cell.asNormalizedText().trim());
                }
                rows.add(cells);
            }
            return rows;
        }
    }

    private static String cell(List<String> row, int column) {
        return row.get(column);
    }

    private JsonNode api(Run<?, ?> b) throws Exception {
        return json(b, "fine-tuning-jobs/api/json");
    }

    private JsonNode allJson(Run<?, ?> b) throws Exception {
        return json(b, "fine-tuning-jobs/all.json");
    }

    private JsonNode json(Run<?, ?> b, String path) throws Exception {
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            return JSON.readTree(wc.goTo(b.getUrl() + path, "application/json")
                    .getWebResponse()
                    .getContentAsString());
        }
    }

    private static int fileLines(Run<?, ?> b) throws Exception {
        return Files.readAllLines(
                        new File(b.getRootDir(), FineTuneJobsAction.ALL_JOBS_FILE).toPath(), StandardCharsets.UTF_8)
                .size();
    }
}
