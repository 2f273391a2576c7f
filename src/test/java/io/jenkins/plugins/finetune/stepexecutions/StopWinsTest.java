package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import hudson.XmlFile;
import hudson.model.Result;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsStepContext;
import org.jenkinsci.plugins.workflow.cps.nodes.StepAtomNode;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Aborting a build during each phase of each step execution: the step ends aborted at once, and the work that was
 * under way never ends it later: no "done" line in the log, no success, no job recorded on the build page after
 * the abort, no request sent after it. The emulator holds each phase (a delayed answer, a slow fleet, a job that
 * stays {@code pausing}); each test then waits past the moment the held work would have finished.
 */
@WithJenkins
class StopWinsTest {

    /** How long the emulator holds the request the build is aborted during. */
    private static final Duration HELD = Duration.ofSeconds(3);

    /** What each Pipeline echoes when its step has returned. */
    private static final String DONE = "STEP-RETURNED";

    private JenkinsRule j;
    private FineTuningEmulator emulator;

    /** An abort that interrupts a record's save or file write must not lose it (nor say it could not save). */
    private LogRecorder warnings;

    @BeforeEach
    void startEmulator(JenkinsRule rule) throws Exception {
        j = rule;
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .pauseDelay(Duration.ofMinutes(10)) // a job waited on stays pausing
                .build()
                .start();
        FoundryTestSupport.configureDefaults(emulator);
        warnings = new LogRecorder()
                .record(FineTuneJobsAction.class, Level.WARNING)
                .record(PollingStepExecution.class, Level.WARNING)
                .capture(100);
    }

    @AfterEach
    void closeEmulator() {
        warnings.close();
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void aReadInFlight() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        emulator.faults().next(Fault.delay(HELD).onlyFor("GET", id));
        WorkflowRun b = start("def job = fineTuneJob(jobId: '" + id + "')\necho \"" + DONE + " ${job.status}\"");
        awaitRequests(r -> r.method().equals("GET") && r.path().endsWith(id), 1);
        abortAndOutlast(b);
        assertThat(b.getAction(FineTuneJobsAction.class), is(nullValue()));
    }

    @Test
    void aChangeRequestInFlight() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        emulator.faults().next(Fault.delay(HELD).onlyFor("POST", id + "/pause"));
        WorkflowRun b = start("def job = pauseFineTune(jobId: '" + id + "')\necho \"" + DONE + " ${job.status}\"");
        awaitRequests(pauses(), 1);
        abortAndOutlast(b);
        // Azure took the request (the emulator answered after the client had gone): the build never heard it.
        assertThat(emulator.job(id).status(), is("pausing"));
        j.assertLogNotContains("pause requested", b);
        assertNothingRecorded(b);
    }

    /**
     * The answer came, the job is being recorded (the build's save held here by {@link HeldRecordSave}), and the
     * build is aborted just then: the step ends aborted, and the work, once it goes on, neither ends it a second
     * time (Pipeline ignores that quietly, so its own log says so) nor says anything, and the save still happens.
     */
    @Test
    void anAnswerThatCameAsTheBuildWasAborted() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        HeldRecordSave.hold();
        try (LogRecorder pipeline =
                new LogRecorder().record(CpsStepContext.class, Level.FINE).capture(10_000)) {
            WorkflowRun b = start("def job = pauseFineTune(jobId: '" + id + "')\necho \"" + DONE + " ${job.status}\"");
            assertThat("the record's save began", HeldRecordSave.entered.await(60, TimeUnit.SECONDS), is(true));
            b.doStop();
            Thread.sleep(1_500); // stop() has run on the Pipeline's thread; the build cannot end while the save holds
            HeldRecordSave.release.countDown();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            Thread.sleep(1_000);
            j.assertLogNotContains(DONE, b);
            assertThat(
                    "completed once",
                    pipeline.getMessages().stream()
                            .filter(m -> m.startsWith("already completed"))
                            .toList(),
                    is(List.of()));
            assertThat(warnings.getMessages(), is(List.of()));
            assertThat(
                    "recorded before the abort",
                    b.getAction(FineTuneJobsAction.class).getTotal(),
                    is(1));
        } finally {
            HeldRecordSave.release.countDown();
        }
    }

    /** Holds the first save of a build made while recording a job, until the test releases it. */
    @TestExtension("anAnswerThatCameAsTheBuildWasAborted")
    public static final class HeldRecordSave extends SaveableListener {
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);
        private static final AtomicBoolean holding = new AtomicBoolean();

        static void hold() {
            holding.set(true);
        }

        @Override
        public void onChange(Saveable o, XmlFile file) {
            boolean recording = StackWalker.getInstance()
                    .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(FineTuneJobsAction.class.getName())));
            if (o instanceof WorkflowRun && recording && holding.compareAndSet(true, false)) {
                entered.countDown();
                boolean interrupted = false;
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted = true; // the abort: hold on regardless, as a slow disk would
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aWaitBetweenPolls() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        WorkflowRun b = start("pauseFineTune(jobId: '" + id + "', wait: true, timeout: 3600)\necho '" + DONE + "'");
        j.waitForMessage("running → pausing", b);
        abortAndOutlast(b);
        j.assertLogNotContains("is paused after", b);
        // The change itself happened before the abort, and stays recorded.
        assertThat(b.getAction(FineTuneJobsAction.class).getTotal(), is(1));
        assertChangeTimeRecordStays(b, "pauseFineTune", 1);
    }

    /**
     * The record stays as it was at change time (pausing, not waited on), also when a settlement still arrives for
     * the stopped step's key, as one from a poll that was under way at the abort would.
     */
    private void assertChangeTimeRecordStays(WorkflowRun b, String step, int jobs) throws Exception {
        FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
        List<FineTuneJobsAction.Settlement> late = new java.util.ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            FineTuneJobsAction.Entry entry = page.getEntries().get(i);
            assertThat(entry.getStatus(), is("pausing"));
            assertThat(entry.getWaitedMillis(), is(nullValue()));
            assertThat(entry.getOutcomeText(), is("pause requested"));
            late.add(new FineTuneJobsAction.Settlement(
                    i,
                    "paused",
                    "pausing",
                    entry.getJobId(),
                    "pause",
                    "paused",
                    "running",
                    "paused",
                    null,
                    null,
                    null,
                    null,
                    1L));
        }
        String key = stepNodeId(b, step);
        FineTuneJobsAction.settle(b, key, late);
        for (int i = 0; i < jobs; i++) {
            assertThat(page.getEntries().get(i).getStatus(), is("pausing"));
            assertThat(page.getEntries().get(i).getWaitedMillis(), is(nullValue()));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String all = wc.goTo(b.getUrl() + "fine-tuning-jobs/all.json", "application/json")
                    .getWebResponse()
                    .getContentAsString();
            assertThat(all, not(containsString("\"status\":\"paused\"")));
        }
    }

    /** The flow node id of the (one) step {@code functionName}: its key on the build page. */
    private static String stepNodeId(WorkflowRun b, String functionName) {
        for (FlowNode node : new DepthFirstScanner().allNodes(b.getExecution())) {
            if (node instanceof StepAtomNode atom
                    && atom.getDescriptor() != null
                    && atom.getDescriptor().getFunctionName().equals(functionName)) {
                return node.getId();
            }
        }
        throw new AssertionError("no " + functionName + " step in " + b);
    }

    @Test
    void aBulkSelection() throws Exception {
        emulator.seedRunningJobs(3);
        emulator.faults().next(Fault.delay(HELD).onlyFor("GET", "/fine_tuning/jobs"));
        WorkflowRun b = start("pauseFineTunes(status: 'running')\necho '" + DONE + "'");
        awaitRequests(r -> r.method().equals("GET"), 1);
        abortAndOutlast(b);
        assertThat(
                "nothing changed", emulator.requests().stream().filter(pauses()).count(), is(0L));
        j.assertLogNotContains("fine-tuning jobs selected", b);
        assertNothingRecorded(b);
    }

    @Test
    void aBulkChange() throws Exception {
        List<String> ids = emulator.seedRunningJobs(20);
        emulator.latency(Duration.ofMillis(400));
        WorkflowRun b = start("pauseFineTunes(jobIds: " + literal(ids) + ", concurrency: 1)\necho '" + DONE + "'");
        awaitRequests(pauses(), 3);
        // Changing began after the selection's save completed, on another thread: a safe restart still waits.
        assertThat(
                b.getExecution().getCurrentExecutions(false).get().stream().anyMatch(StepExecution::blocksRestart),
                is(true));
        abortAndOutlast(b);
        assertThat(
                "the rest never sent",
                emulator.requests().stream().filter(pauses()).count(),
                lessThan(20L));
        j.assertLogNotContains("Bulk pause: paused", b);
        j.assertLogNotContains(": interrupted;", b); // the jobs cut short say nothing after the abort
        // What was done before the abort is on the page, once: the jobs whose pause was answered, no other.
        FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
        List<String> recorded = page.getEntries().stream()
                .map(FineTuneJobsAction.Entry::getJobId)
                .toList();
        List<String> changed = ids.stream()
                .filter(id -> !emulator.job(id).status().equals("running"))
                .toList();
        assertThat("the answered pauses (3 sent, one at a time)", recorded.size(), greaterThanOrEqualTo(2));
        assertThat(page.getTotal(), is(recorded.size()));
        assertThat("only jobs Azure paused", changed.containsAll(recorded), is(true));
        assertThat("at most the one in flight is paused and not listed", changed.size() - recorded.size(), lessThan(2));
        assertThat(page.getEntries().stream().allMatch(e -> e.getOutcome().equals("paused")), is(true));
        j.assertLogContains(
                "Bulk pause stopped: " + recorded.size() + " of the 20 selected jobs had an outcome, listed on the"
                        + " build page",
                b);
    }

    @Test
    void aBulkWait() throws Exception {
        List<String> ids = emulator.seedRunningJobs(2);
        WorkflowRun b =
                start("pauseFineTunes(jobIds: " + literal(ids) + ", wait: true, timeout: 3600)\necho '" + DONE + "'");
        j.waitForMessage("Waiting for 2 fine-tuning jobs to be paused", b);
        abortAndOutlast(b);
        j.assertLogNotContains("every job waited on", b);
        assertThat(
                "the change itself was recorded",
                b.getAction(FineTuneJobsAction.class).getTotal(),
                is(2));
        assertChangeTimeRecordStays(b, "pauseFineTunes", 2);
    }

    /**
     * Aborts, expects ABORTED promptly, then outlasts the held work and the next poll: still ABORTED, not a line
     * more in the log, not a request more to Azure.
     */
    private void abortAndOutlast(WorkflowRun b) throws Exception {
        long stopped = System.nanoTime();
        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        assertThat(
                "ended at once, not when the work under way ended",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped),
                lessThan(HELD.toMillis()));
        String log = JenkinsRule.getLog(b);
        int requests = emulator.requestCount();
        Thread.sleep(HELD.toMillis() + 2_000); // past the held answer and the next poll's interval
        assertThat(b.getResult(), is(Result.ABORTED));
        assertThat("nothing written after the abort", JenkinsRule.getLog(b), is(log));
        assertThat("no request after the abort", emulator.requestCount(), is(requests));
        j.assertLogNotContains(DONE, b);
        j.assertLogNotContains("Exception", b);
        assertThat(warnings.getMessages(), is(List.of()));
    }

    private static void assertNothingRecorded(WorkflowRun b) {
        FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
        if (page != null) {
            assertThat(page.getTotal(), is(0));
            assertThat("no link to an empty page", page.getIconFileName(), is(nullValue()));
        }
    }

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static Predicate<RecordedRequest> pauses() {
        return r -> r.method().equals("POST") && r.path().endsWith("/pause");
    }

    private void awaitRequests(Predicate<RecordedRequest> which, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (emulator.requests().stream().filter(which).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator never received the request; got " + emulator.requests());
            }
            Thread.sleep(20);
        }
    }

    private static String literal(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
