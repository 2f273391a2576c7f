package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.time.Duration;
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
 * {@code fineTuneCheckpoints} across a restart and a crash while its listing is in flight: the resumed step lists
 * again and returns every checkpoint, as the other reads do.
 */
class CheckpointsReadRestartTest {

    private static final String SCRIPT = "def c = fineTuneCheckpoints(jobId: '%s')\n"
            + "echo \"read: ${c.size()} checkpoints, steps ${c[0].step_number} to ${c[-1].step_number}\"";

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private FineTuningEmulator emulator;
    private String jobId;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FoundryTestSupport.startEmulator();
        jobId = emulator.seedJob(JobSeed.withStatus("succeeded")
                .validationFile("file-val")
                .totalSteps(120)
                .checkpointInterval(1));
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void aRestartDuringTheListingReadsAgain() throws Throwable {
        readAcross(false);
    }

    @Test
    void aCrashDuringTheListingReadsAgain() throws Throwable {
        readAcross(true);
    }

    private void readAcross(boolean crash) throws Throwable {
        CrashSimulation[] crashSimulation = {null};
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            // the listing hangs: the restart comes while it is in flight
            emulator.faults().next(Fault.hang(Duration.ofSeconds(30)).onlyFor("GET", "/checkpoints"));
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition(String.format(SCRIPT, jobId), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (emulator.requestsInFlight() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat("the listing is in flight", emulator.requestsInFlight(), greaterThan(0));
            assertThat(b.isBuilding(), is(true));
            if (crash) {
                crashSimulation[0] = new CrashSimulation(sessions.getHome());
                crashSimulation[0].crashNow();
            }
        });
        if (crash) {
            crashSimulation[0].restoreCrashedHome();
        }
        emulator.faults().clear();
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("Jenkins restarted while reading fine-tuning job '" + jobId + "'; reading again", b);
            j.assertLogContains("read: 120 checkpoints, steps 1 to 120", b);
        });
    }

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
