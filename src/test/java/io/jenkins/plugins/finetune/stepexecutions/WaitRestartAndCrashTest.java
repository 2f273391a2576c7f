package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.JobEventLines;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * {@code waitForFineTune} across a clean restart and a crash ({@link CrashSimulation}) in the middle of a followed
 * wait: the wait goes on, and every event of the job is in the build log exactly once, in order: none printed twice,
 * none lost. The emulator runs on a clock the test moves, so the job changes status (and writes an event) only when
 * the test says.
 */
class WaitRestartAndCrashTest {

    private static final List<String> EVENTS = List.of(
            "Job seeded by the emulator with status 'validating_files'.",
            "Files validated, moving job to queued state.",
            "Fine-tuning job started.",
            "Fine-tuning job successfully completed.");

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;
    private String jobId;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .clock(clock)
                .validatingFilesDelay(Duration.ofMinutes(1))
                .queuedDelay(Duration.ofMinutes(1))
                .trainingDuration(Duration.ofMinutes(10))
                .build()
                .start();
        jobId = emulator.seedJob(JobSeed.withStatus("validating_files").totalSteps(5));
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void aRestartInTheMiddleOfAFollowedWaitPrintsEachEventOnce() throws Throwable {
        restartOrCrashMidWait(false);
    }

    @Test
    void aCrashInTheMiddleOfAFollowedWaitPrintsEachEventOnce() throws Throwable {
        restartOrCrashMidWait(true);
    }

    private void restartOrCrashMidWait(boolean crash) throws Throwable {
        CrashSimulation[] crashSimulation = {null};
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "def job = waitForFineTune(jobId: '" + jobId + "', until: 'succeeded', timeout: 3600)\n"
                            + "echo \"final: ${job.status}\"",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Fine-tuning job " + jobId + " is validating_files", b);
            clock.advance(Duration.ofSeconds(61));
            j.waitForMessage("Fine-tuning job " + jobId + ": validating_files → queued", b);
            awaitOneMorePoll(); // the poll that printed the event and saw queued was saved before the next one
            assertThat(eventMessages(b), is(EVENTS.subList(0, 2)));
            if (crash) {
                crashSimulation[0] = new CrashSimulation(sessions.getHome());
                crashSimulation[0].crashNow();
            }
        });
        if (crash) {
            crashSimulation[0].restoreCrashedHome();
        }
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.waitForMessage("Jenkins restarted while waiting for fine-tuning job " + jobId + "; waiting on", b);
            clock.advance(Duration.ofSeconds(61));
            j.waitForMessage("Fine-tuning job " + jobId + ": queued → running", b);
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(j.waitForCompletion(finished(b)));
            j.assertLogContains("final: succeeded", b);
            List<String> printed = JenkinsRule.getLog(b)
                    .lines()
                    .filter(l -> l.startsWith("[" + jobId + "] "))
                    .toList();
            assertThat("each event once, in order, none lost", printed, is(JobEventLines.of(emulator, jobId)));
            List<String> messages = eventMessages(b);
            assertThat(messages.subList(0, 3), is(EVENTS.subList(0, 3)));
            assertThat(messages.get(messages.size() - 1), is(EVENTS.get(3)));
        });
    }

    @Test
    void fineTuneEventsReadsAgainAfterARestart() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            emulator.faults().next(Fault.hang(Duration.ofSeconds(30)).onlyFor("GET", "/events"));
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "def events = fineTuneEvents(jobId: '" + jobId + "')\n"
                            + "echo \"read: ${events.size()} ${events[0].message}\"",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (emulator.requestsInFlight() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat("the read is in flight", emulator.requestsInFlight(), is(1));
            assertThat(b.isBuilding(), is(true));
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(finished(b)));
            j.assertLogContains(
                    "Jenkins restarted while reading the events of fine-tuning job '" + jobId + "'; reading again", b);
            j.assertLogContains("read: 1 " + EVENTS.get(0), b);
        });
    }

    private List<String> eventMessages(WorkflowRun b) throws Exception {
        return JenkinsRule.getLog(b)
                .lines()
                .filter(l -> l.startsWith("[" + jobId + "] "))
                .map(JobEventLines::message)
                .toList();
    }

    private void awaitOneMorePoll() throws InterruptedException {
        int reads = reads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (reads() <= reads) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the wait stopped polling");
            }
            Thread.sleep(20);
        }
    }

    private int reads() {
        return (int) emulator.requests().stream()
                .filter(WaitRestartAndCrashTest::isJobRead)
                .count();
    }

    private static boolean isJobRead(RecordedRequest r) {
        return r.method().equals("GET") && r.path().matches(".*/fine_tuning/jobs/[^/]+");
    }

    /** The build once finished; its log in the failure if it does not finish within two minutes. */
    private static WorkflowRun finished(WorkflowRun b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (b.isBuilding()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the build did not finish; its log:\n" + JenkinsRule.getLog(b));
            }
            Thread.sleep(50);
        }
        return b;
    }
}
