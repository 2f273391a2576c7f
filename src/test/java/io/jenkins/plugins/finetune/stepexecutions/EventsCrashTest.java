package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.JobEventLines;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.File;
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
 * A crash in the window between printing a poll's events and the save of the step's state reaching disk: the build
 * log holds the lines, {@code program.dat} the state from before them ({@link CrashSimulation#alsoOnDisk}). On resume
 * the wait reads the end of its build's log for the last event printed, so no event is printed twice and none is
 * lost: for {@code waitForFineTune} and for {@code pauseFineTune(wait: true)}; a clean restart of the pause's wait too.
 */
class EventsCrashTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .clock(clock)
                .validatingFilesDelay(Duration.ofMinutes(1))
                .queuedDelay(Duration.ofMinutes(1))
                .pauseDelay(Duration.ofMinutes(1))
                .trainingDuration(Duration.ofMinutes(10))
                .build()
                .start();
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void waitForFineTuneCrashAfterPrintingBeforeTheSavePrintsEachEventOnce() throws Throwable {
        String jobId = emulator.seedJob(JobSeed.withStatus("validating_files").totalSteps(5));
        CrashSimulation crash = new CrashSimulation(sessions.getHome());
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "def job = waitForFineTune(jobId: '" + jobId + "', until: 'succeeded', timeout: 3600)\n"
                            + "echo \"final: ${job.status}\"",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Fine-tuning job " + jobId + " is validating_files", b);
            awaitMoreJobReads(2); // the poll that printed the first event was saved before the next one
            crash.crashNow(); // program.dat: the first event printed
            clock.advance(Duration.ofSeconds(61));
            j.waitForMessage("Files validated, moving job to queued state.", b);
            j.waitForMessage("Fine-tuning job " + jobId + ": validating_files → queued", b);
            // the log's bytes reached disk; the save that follows them did not
            crash.alsoOnDisk(new File(b.getRootDir(), "log"));
            crash.alsoOnDisk(new File(b.getRootDir(), "log-index"));
        });
        crash.restoreCrashedHome();
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            awaitLog(b, "Jenkins restarted while waiting for fine-tuning job " + jobId + "; waiting on");
            awaitMoreJobReads(1); // the first poll after the resume: the status saved before the crash is not queued
            clock.advance(Duration.ofSeconds(61));
            awaitLog(b, "Fine-tuning job " + jobId + ": queued → running");
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(j.waitForCompletion(finished(b)));
            j.assertLogContains("final: succeeded", b);
            assertThat(
                    "each event once, in order, none lost",
                    eventLines(b, jobId),
                    is(JobEventLines.of(emulator, jobId)));
        });
    }

    @Test
    void pauseWaitCrashAfterPrintingBeforeTheSavePrintsEachEventOnce() throws Throwable {
        pauseWaitRestartedMidWait(true);
    }

    @Test
    void pauseWaitRestartPrintsEachEventOnce() throws Throwable {
        pauseWaitRestartedMidWait(false);
    }

    private void pauseWaitRestartedMidWait(boolean crash) throws Throwable {
        String jobId = emulator.seedJob(JobSeed.running().totalSteps(100).eventInterval(1));
        clock.advance(Duration.ofSeconds(35)); // a few step events before the pause
        CrashSimulation crashSimulation = new CrashSimulation(sessions.getHome());
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            // the first poll's reading of the events takes a while: the crash comes while it is on its way
            emulator.faults().next(Fault.delay(Duration.ofSeconds(4)).onlyFor("GET", "/events"));
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(
                    "def job = pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 3600)\n"
                            + "echo \"final: ${job.status}\"",
                    true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Fine-tuning job " + jobId + ": running → pausing", b);
            awaitEventReads(1); // the change was saved before the first poll, whose events are on their way
            if (crash) {
                crashSimulation.crashNow(); // program.dat: waiting, no event printed yet
            }
            j.waitForMessage("Job pause requested.", b); // every event so far printed
            if (crash) {
                crashSimulation.alsoOnDisk(new File(b.getRootDir(), "log"));
                crashSimulation.alsoOnDisk(new File(b.getRootDir(), "log-index"));
            }
        });
        if (crash) {
            crashSimulation.restoreCrashedHome();
        }
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            int readsBefore = eventReads();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (eventReads() == readsBefore && System.nanoTime() < until) {
                Thread.sleep(20); // the poll after the resume read the events (none new)
            }
            clock.advance(Duration.ofSeconds(61));
            j.assertBuildStatusSuccess(j.waitForCompletion(finished(b)));
            j.assertLogContains("final: paused", b);
            List<String> printed = eventLines(b, jobId);
            assertThat("each event once, in order, none lost", printed, is(JobEventLines.of(emulator, jobId)));
            assertThat(
                    JobEventLines.message(printed.get(printed.size() - 1)), is("Job paused; a checkpoint was saved."));
            assertThat("one pause request, whatever the restart", pauseRequests(), is(1L));
        });
    }

    private static List<String> eventLines(WorkflowRun b, String jobId) throws Exception {
        return JenkinsRule.getLog(b)
                .lines()
                .filter(l -> l.startsWith("[" + jobId + "] "))
                .toList();
    }

    private long pauseRequests() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/pause"))
                .count();
    }

    private int eventReads() {
        return (int) emulator.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/events"))
                .count();
    }

    private void awaitEventReads(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (eventReads() < atLeast && emulator.requestsInFlight() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the wait did not read the events");
            }
            Thread.sleep(20);
        }
    }

    private void awaitMoreJobReads(int more) throws InterruptedException {
        long target = jobReads() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (jobReads() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the wait stopped polling");
            }
            Thread.sleep(20);
        }
    }

    private long jobReads() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().matches(".*/fine_tuning/jobs/[^/]+"))
                .count();
    }

    /** Waits for {@code text} in the build's log, a minute at most; the log in the failure. */
    private static void awaitLog(WorkflowRun b, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!JenkinsRule.getLog(b).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the log:\n" + JenkinsRule.getLog(b));
            }
            Thread.sleep(50);
        }
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
