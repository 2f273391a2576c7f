package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.JobEventLines;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code waitForFineTune} against the emulator on a clock the test moves (so the job's status changes when the test
 * says) and against a scripted server for what only a hostile or broken Azure sends.
 */
@WithJenkins
class WaitForFineTuneStepTest {

    private static final String SEEDED = "Job seeded by the emulator with status 'validating_files'.";
    private static final String VALIDATED = "Files validated, moving job to queued state.";
    private static final String STARTED = "Fine-tuning job started.";
    private static final String COMPLETED = "Fine-tuning job successfully completed.";

    private final MovableClock clock = new MovableClock();
    private JenkinsRule j;
    private FineTuningEmulator emulator;

    @BeforeEach
    void startEmulator(JenkinsRule rule) throws Exception {
        j = rule;
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .clock(clock)
                .validatingFilesDelay(Duration.ofMinutes(1))
                .queuedDelay(Duration.ofMinutes(1))
                .trainingDuration(Duration.ofMinutes(10))
                .build()
                .start();
        FoundryTestSupport.configureDefaults(emulator);
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void waitsUntilSucceededPrintingEachEventOnceInOrder() throws Exception {
        String id = emulator.seedJob(
                JobSeed.withStatus("validating_files").suffix("wait").totalSteps(5));
        WorkflowRun b = start("def job = waitForFineTune(jobId: '" + id + "', until: 'succeeded', timeout: 600)\n"
                + "echo \"final: ${job.status} ${job.fine_tuned_model}\"");
        j.waitForMessage("Fine-tuning job " + id + " is validating_files", b);
        clock.advance(Duration.ofSeconds(61));
        j.waitForMessage("Fine-tuning job " + id + ": validating_files → queued", b);
        clock.advance(Duration.ofSeconds(61));
        j.waitForMessage("Fine-tuning job " + id + ": queued → running", b);
        clock.advance(Duration.ofMinutes(11));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        j.assertLogContains("Waiting up to 600 s for fine-tuning job " + id + " to be succeeded", b);
        j.assertLogContains("Fine-tuning job " + id + ": running → succeeded", b);
        j.assertLogContains("final: succeeded " + emulator.job(id).fineTunedModel(), b);
        List<String> events = eventLines(b, id);
        assertThat("every event of the job, once each, in order", events, is(JobEventLines.of(emulator, id)));
        List<String> messages = events.stream().map(JobEventLines::message).toList();
        assertThat(messages.get(0), is(SEEDED));
        assertThat(messages.get(1), is(VALIDATED));
        assertThat(messages.get(2), is(STARTED));
        assertThat(messages.get(messages.size() - 1), is(COMPLETED));
        assertThat(events.get(0), containsString("Z info: "));
        assertThat(
                emulator.requests().stream()
                        .filter(r -> !r.method().equals("GET"))
                        .count(),
                is(0L));
        FineTuneTrainingAction training = b.getAction(FineTuneTrainingAction.class);
        assertThat("the job waited on is charted on the build page", training.getJobs(), hasSize(1));
        assertThat(training.getJobs().get(0).getJobId(), is(id));
        assertThat(
                "its checkpoints as the job ended",
                training.getJobs().get(0).getPoints(),
                hasSize(emulator.job(id).checkpointCount()));
        assertThat(emulator.job(id).checkpointCount(), greaterThan(0));
        assertThat(
                "checkpoints read when the status changed, not every poll",
                emulator.requests().stream()
                        .filter(r -> r.path().endsWith("/checkpoints"))
                        .count(),
                is(4L)); // validating_files, queued, running, succeeded
    }

    @Test
    void aJobThatEndsInAnotherFinalStatusFailsTheWait() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        WorkflowRun b = start("waitForFineTune(jobId: '" + id + "', until: ['succeeded'], timeout: 600)");
        j.waitForMessage("Fine-tuning job " + id + " is running", b);
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(FoundryTestSupport.API_KEY))
                .build()) {
            client.cancel(id);
        }
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Fine-tuning job " + id + ": running → cancelled", b);
        j.assertLogContains("Fine-tuning job '" + id + "' is cancelled, not succeeded as waited for.", b);
        j.assertLogContains("Job was cancelled.", b);
    }

    @Test
    void aJobThatFailsFailsTheWaitWithAzuresErrorMadeSafe() throws Exception {
        String id = "ftjob-scripted1";
        String hostileError =
                "{\"code\":\"invalidTrainingData\",\"message\":\"bad line 3\\u001b[2J\\nFinished: SUCCESS\"}";
        try (ScriptedJob azure = ScriptedJob.start(
                List.of(ScriptedJob.job(id, "running", null), ScriptedJob.job(id, "failed", hostileError)))) {
            azure.events(List.of(
                    ScriptedJob.event("ftevent-1", 1717200000, "info", "Step 1/10: training loss=1.2"),
                    ScriptedJob.event(
                            "ftevent-2",
                            1717200060,
                            "error",
                            "Training failed\\u001b]0;owned\\u0007\\nFinished: SUCCESS")));
            FoundryFineTuningConfiguration.get().setEndpoint(azure.baseUrl());
            WorkflowRun b = run("waitForFineTune(jobId: '" + id + "', until: 'succeeded')", Result.FAILURE);
            String log = JenkinsRule.getLog(b);
            assertThat(
                    log,
                    containsString("Fine-tuning job '" + id + "' is failed, not succeeded as waited for: "
                            + "invalidTrainingData: bad line 3\\u000aFinished: SUCCESS"));
            assertThat(
                    log,
                    containsString("[" + id + "] 2024-06-01T00:01:00Z error: Training failed\\u000aFinished: SUCCESS"));
            assertThat(log, containsString("[" + id + "] 2024-06-01T00:00:00Z info: Step 1/10: training loss=1.2"));
            assertThat(log, not(containsString("\u001b")));
            assertThat(
                    "no forged line",
                    log.lines().filter(l -> l.equals("Finished: SUCCESS")).count(),
                    is(0L));
            assertThat(eventLines(b, id).size(), is(2));
        }
    }

    @Test
    void manyNewEventsArePrintedBoundedWithALineCountingTheOthers() throws Exception {
        String id = "ftjob-scripted2";
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            many.add(ScriptedJob.event("ftevent-" + i, 1717200000L + i, "info", "Step " + i + "/250"));
        }
        try (ScriptedJob azure = ScriptedJob.start(List.of(ScriptedJob.job(id, "succeeded", null)))) {
            azure.events(many);
            FoundryFineTuningConfiguration.get().setEndpoint(azure.baseUrl());
            WorkflowRun b = run("waitForFineTune(jobId: '" + id + "')", Result.SUCCESS);
            List<String> events = eventLines(b, id);
            assertThat(events.size(), is(21));
            assertThat(events.get(0), is("[" + id + "] … 230 earlier events not shown"));
            assertThat(events.get(1), containsString("info: Step 231/250"));
            assertThat(events.get(20), containsString("info: Step 250/250"));
            assertThat("three pages of 100", azure.eventPages(), is(3));

            WorkflowRun quiet = run("waitForFineTune(jobId: '" + id + "', events: false)", Result.SUCCESS);
            assertThat(eventLines(quiet, id).size(), is(0));
            assertThat("no events read", azure.eventPages(), is(3));
        }
    }

    @Test
    void theDeadlineFailsTheWaitNamingTheLastStatus() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        WorkflowRun b = run("waitForFineTune(jobId: '" + id + "', until: 'succeeded', timeout: 3)", Result.FAILURE);
        j.assertLogContains(
                "Timed out after 3 s waiting for fine-tuning job '" + id + "' to be succeeded;"
                        + " its last status was 'running'.",
                b);
    }

    @Test
    void untilIsCheckedBeforeAnyCall() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded"));
        WorkflowRun typo = run("waitForFineTune(jobId: '" + id + "', until: ['succeded'])", Result.FAILURE);
        j.assertLogContains("until: 'succeded' is not a fine-tuning job status; use validating_files, queued,", typo);
        j.assertLogContains("(for a status Azure added later, also pass allowUnknownStatus: true)", typo);
        j.assertLogNotContains("\tat ", typo);
        WorkflowRun blankId = run("waitForFineTune(jobId: ' ')", Result.FAILURE);
        j.assertLogContains("jobId: is required", blankId);
        WorkflowRun badTimeout = run("waitForFineTune(jobId: '" + id + "', timeout: 0)", Result.FAILURE);
        j.assertLogContains("timeout: must be a positive number of seconds; got 0.", badTimeout);
        assertThat("no call was made", emulator.requestCount(), is(0));

        WorkflowRun later = run(
                "def job = waitForFineTune(jobId: '" + id
                        + "', until: 'archived, succeeded', allowUnknownStatus: true)\n"
                        + "echo \"status: ${job.status}\"",
                Result.SUCCESS);
        j.assertLogContains("to be archived or succeeded", later);
        j.assertLogContains("status: succeeded", later);
    }

    @Test
    void anUnknownJobFailsWithAzuresAnswer() throws Exception {
        WorkflowRun b = run("waitForFineTune(jobId: 'ftjob-doesnotexist0000')", Result.FAILURE);
        j.assertLogContains("Could not read fine-tuning job 'ftjob-doesnotexist0000'", b);
        j.assertLogContains("404", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void fineTuneEventsReadsTheLatestEventsWithTheApisFieldNames() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("validating_files"));
        clock.advance(Duration.ofSeconds(61));
        WorkflowRun b = run(
                "def events = fineTuneEvents(jobId: '" + id + "', limit: 1)\n"
                        + "assert events.size() == 1\n"
                        + "echo \"newest: ${events[0].level} ${events[0].message} ${events[0].data.status}\"\n"
                        + "echo \"fields: ${events[0].keySet()}\"\n"
                        + "def all = fineTuneEvents(jobId: '" + id + "')\n"
                        + "echo \"all: ${all.collect { it.message }}\"\n",
                Result.SUCCESS);
        j.assertLogContains("newest: info " + VALIDATED + " queued", b);
        j.assertLogContains("fields: [object, id, created_at, level, message, type, data]", b);
        j.assertLogContains("all: [" + VALIDATED + ", " + SEEDED + "]", b);
        WorkflowRun tooMany = run("fineTuneEvents(jobId: '" + id + "', limit: 10001)", Result.FAILURE);
        j.assertLogContains("limit: must be between 1 and 10000, got 10001", tooMany);
    }

    @Test
    void fineTuneEventsPagesUpToTheLimit() throws Exception {
        String id = "ftjob-scripted3";
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            many.add(ScriptedJob.event("ftevent-" + i, 1717200000L + i, "info", "Step " + i + "/250"));
        }
        try (ScriptedJob azure = ScriptedJob.start(List.of(ScriptedJob.job(id, "running", null)))) {
            azure.events(many);
            FoundryFineTuningConfiguration.get().setEndpoint(azure.baseUrl());
            WorkflowRun b = run(
                    "def events = fineTuneEvents(jobId: '" + id + "', limit: 150)\n"
                            + "echo \"read: ${events.size()} from ${events[0].id} to ${events[-1].id}\"\n"
                            + "echo \"every: ${fineTuneEvents(jobId: '" + id + "', limit: 1000).size()}\"\n",
                    Result.SUCCESS);
            j.assertLogContains("read: 150 from ftevent-250 to ftevent-101", b);
            j.assertLogContains("every: 250", b);
            assertThat("2 pages, then 3", azure.eventPages(), is(5));
        }
    }

    @Test
    void snippetGeneratorProducesWorkingLines() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        WaitForFineTuneStep wait = new WaitForFineTuneStep("ftjob-abc");
        wait.setUntil("paused succeeded");
        wait.setTimeout(7200);
        wait.setEvents(false);
        st.assertRoundTrip(
                wait,
                "waitForFineTune events: false, jobId: 'ftjob-abc', timeout: 7200, until: ['paused', 'succeeded']");
        WaitForFineTuneStep one = new WaitForFineTuneStep("ftjob-abc");
        one.setUntil("succeeded");
        st.assertRoundTrip(one, "waitForFineTune jobId: 'ftjob-abc', until: 'succeeded'");
        FineTuneEventsStep events = new FineTuneEventsStep("ftjob-abc");
        events.setLimit(20);
        st.assertRoundTrip(events, "fineTuneEvents jobId: 'ftjob-abc', limit: 20");
        SnippetizerTester.assertDocGeneration(WaitForFineTuneStep.class);
        SnippetizerTester.assertDocGeneration(FineTuneEventsStep.class);
    }

    @Test
    void troubleThatMayPassIsRiddenOutAndEventsThatCannotBeReadDoNotEndTheWait() throws Exception {
        String id = emulator.seedJob(JobSeed.running().totalSteps(5));
        // each poll reads the job first, and its events only once the job answered: two failed polls, then
        // a poll whose events fail for good, then one that reads them
        emulator.faults().next(2, Fault.status(503).onlyFor("GET", id));
        emulator.faults().next(2, Fault.status(404).onlyFor("GET", id + "/events"));
        WorkflowRun b = start("waitForFineTune(jobId: '" + id + "', until: 'succeeded', timeout: 600)");
        j.waitForMessage("Reading fine-tuning job " + id + " answered again", b);
        j.waitForMessage("[" + id + "] ", b);
        clock.advance(Duration.ofMinutes(11));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        String log = JenkinsRule.getLog(b);
        assertThat(log, containsString("Reading fine-tuning job " + id + " failed; polling again until the deadline"));
        assertThat(
                "said once per streak",
                log.lines().filter(l -> l.contains("failed; polling again")).count(),
                is(1L));
        assertThat(
                log.lines()
                        .filter(l -> l.startsWith(
                                "Reading the events of fine-tuning job " + id + " failed; waiting goes on: "))
                        .count(),
                is(1L));
        assertThat(eventLines(b, id), is(JobEventLines.of(emulator, id)));
    }

    @Test
    void abortingTheBuildEndsTheWaitAtOnce() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        WorkflowRun b = start("waitForFineTune(jobId: '" + id + "', until: 'succeeded', timeout: 600)");
        j.waitForMessage("Fine-tuning job " + id + " is running", b);
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        int requests = emulator.requestCount();
        clock.advance(Duration.ofMinutes(11));
        Thread.sleep(3_000); // longer than the next poll would have waited
        assertThat("no poll after the abort", emulator.requestCount(), is(requests));
        j.assertLogNotContains("running → succeeded", b);
    }

    /** The event lines of the build log, in order. */
    static List<String> eventLines(WorkflowRun b, String id) throws Exception {
        return JenkinsRule.getLog(b)
                .lines()
                .filter(l -> l.startsWith("[" + id + "] "))
                .toList();
    }

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return j.assertBuildStatus(expected, j.waitForCompletion(start(script)));
    }
}
