package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The build page's record of the jobs a build touched: bounded in {@code build.xml} whatever the fleet size, the
 * full list in the build directory, saved as it changes, reloaded after a restart, and nothing Azure sent
 * reaching a page or the console as markup or escape sequences.
 */
class BuildRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private FineTuningEmulator emulator;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FoundryTestSupport.startEmulator();
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void tenThousandJobsKeepTheBuildRecordSmall() throws Throwable {
        List<String> ids = emulator.seedRunningJobs(10_000);
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = run(
                    j, "def r = pauseFineTunes(status: 'running', concurrency: 32)\n" + "echo \"touched ${r.size()}\"");
            j.assertLogContains("touched 10000", b);

            File buildXml = new File(b.getRootDir(), "build.xml");
            assertThat("build.xml bytes", buildXml.length(), lessThan(100_000L));
            FineTuneJobsAction action = b.getAction(FineTuneJobsAction.class);
            assertThat(action.getTotal(), is(10_000));
            assertThat(action.getEntries(), hasSize(FineTuneJobsAction.KEPT_IN_BUILD_RECORD));
            assertThat(action.getCounts(), is(Map.of("paused", 10_000)));

            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                String main = wc.getPage(b).asNormalizedText();
                assertThat(main, containsString("Fine-tuning jobs: 10,000 jobs (pause requested: 10000)"));
                assertThat("the main page lists no job", main, not(containsString(ids.get(0))));

                String page = wc.getPage(b, "fine-tuning-jobs").getWebResponse().getContentAsString();
                assertThat(page, containsString("The table shows the first 100."));
                assertThat(page.split("<tr", -1).length - 1, is(101)); // header + 100 rows

                JsonNode all = JSON.readTree(wc.goTo(b.getUrl() + "fine-tuning-jobs/all.json", "application/json")
                        .getWebResponse()
                        .getContentAsString());
                assertThat(all.size(), is(10_000));
                assertThat(all.get(9_999).get("outcome").asText(), is("paused"));
            }
        });
    }

    @Test
    void theRecordSurvivesARestart() throws Throwable {
        List<String> ids = emulator.seedRunningJobs(3);
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            run(
                    j,
                    "pauseFineTunes(jobIds: ['" + ids.get(0) + "', '" + ids.get(1) + "'])\n"
                            + "pauseFineTune(jobId: '" + ids.get(2) + "')\n"
                            + "pauseFineTune(jobId: '" + ids.get(2) + "', failIfNotRunning: false)");
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            FineTuneJobsAction action = b.getAction(FineTuneJobsAction.class);
            assertThat(action.getTotal(), is(4));
            assertThat(action.getCounts(), is(Map.of("paused", 3, "already_paused", 1)));
            assertThat(
                    action.getEntries().stream()
                            .map(FineTuneJobsAction.Entry::getJobId)
                            .toList(),
                    is(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(2))));
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                JsonNode all = JSON.readTree(wc.goTo(b.getUrl() + "fine-tuning-jobs/all.json", "application/json")
                        .getWebResponse()
                        .getContentAsString());
                assertThat(all.size(), is(4));
            }
        });
    }

    @Test
    void markupAndEscapeSequencesFromAzureAreNeutralised() throws Throwable {
        String hostile = emulator.seedJob(JobSeed.running()
                .suffix("<img src=x onerror=alert(1)>\u001B[2J")
                .model("<b>model</b>\u001B]0;owned\u0007"));
        String failing = emulator.seedJob(JobSeed.running());
        emulator.faults()
                .next(
                        2, // the bulk step's request, then the single step's
                        Fault.respond(
                                        403,
                                        Map.of("Content-Type", "application/json"),
                                        "{\"error\":{\"code\":\"Denied\\u001b[31m\",\"message\":"
                                                + "\"<script>alert('x')</script>\\u001b[1A\\r\\nFinished: SUCCESS\"}}")
                                .onlyFor("POST", failing + "/pause"));
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = run(
                    j,
                    "pauseFineTune(jobId: '" + hostile + "')\n"
                            + "pauseFineTunes(jobIds: ['" + failing + "'], failOnError: false)\n"
                            + "pauseFineTune(jobId: '" + failing + "')",
                    Result.FAILURE);
            String console = JenkinsRule.getLog(b);
            assertThat(console, not(containsString("\u001B")));
            assertThat(console, not(containsString("\r\nFinished: SUCCESS")));
            assertThat(console, containsString("\\u000d\\u000aFinished: SUCCESS")); // shown, not obeyed

            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                String page = wc.getPage(b, "fine-tuning-jobs").getWebResponse().getContentAsString();
                assertThat(page, containsString("&lt;b>model&lt;/b>"));
                assertThat(page, not(containsString("<b>model")));
                assertThat(page, not(containsString("<script>alert")));
                assertThat(page, containsString("&lt;script>alert"));
                assertThat(page, not(containsString("\u001B")));
            }
            String file = Files.readString(
                    new File(b.getRootDir(), "fine-tuning-jobs.jsonl").toPath(), StandardCharsets.UTF_8);
            assertThat(file, not(containsString("\u001B")));
        });
    }

    private static WorkflowRun run(JenkinsRule j, String script) throws Exception {
        return run(j, script, Result.SUCCESS);
    }

    private static WorkflowRun run(JenkinsRule j, String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }
}
