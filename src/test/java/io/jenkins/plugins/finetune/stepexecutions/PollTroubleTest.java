package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.Fault;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Waits ride out trouble that may pass (503s after the client's retries, here none) and poll again until the
 * deadline, saying so once per streak; an answer that cannot get better (401) ends the step at once.
 */
@WithJenkins
class PollTroubleTest extends FoundryTestSupport {

    @Test
    void aStreakOf503sDuringASingleJobWaitIsRiddenOut() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = start("def job = pauseFineTune(jobId: '" + id + "', wait: true, timeout: 600)\n"
                + "echo \"final status: ${job.status}\"");
        j.waitForMessage("running → pausing", b);
        emulator.faults().next(3, Fault.status(503)); // the next three polls
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final status: paused", b);
        String log = JenkinsLogs.of(b);
        assertThat(
                "said once per streak",
                JenkinsLogs.count(log, "Reading fine-tuning job " + id + " failed; polling again until the deadline"),
                is(1));
        j.assertLogContains("HTTP 503", b);
        j.assertLogContains("Reading fine-tuning job " + id + " answered again", b);
    }

    @Test
    void aStreakOf503sDuringABulkWaitIsRiddenOut() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = start("def r = pauseFineTunes(jobIds: ['" + id + "'], wait: true, timeout: 600)\n"
                + "echo \"final: ${r[0].status}\"");
        j.waitForMessage("Waiting for 1 fine-tuning jobs to be paused", b);
        emulator.faults().next(2, Fault.status(503));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final: paused", b);
        assertThat(
                JenkinsLogs.count(
                        JenkinsLogs.of(b),
                        "Reading the status of 1 fine-tuning jobs failed; polling again until the deadline"),
                is(1));
    }

    @Test
    void a401DuringAWaitEndsTheStepAtOnce() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = start("pauseFineTune(jobId: '" + id + "', wait: true, timeout: 3600)");
        j.waitForMessage("running → pausing", b);
        long refused = System.nanoTime();
        emulator.faults().next(Fault.status(401));
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - refused), lessThan(10L));
        j.assertLogContains("HTTP 401", b);
        j.assertLogNotContains("polling again", b);
    }

    @Test
    void troubleUntilTheDeadlineEndsInATimeoutThatSaysWhy() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = start("pauseFineTune(jobId: '" + id + "', wait: true, timeout: 3)");
        j.waitForMessage("running → pausing", b);
        emulator.faults().next(100, Fault.status(503));
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Timed out after 3 s waiting for fine-tuning job '" + id + "' to be paused", b);
        j.assertLogContains("the last polls failed", b);
        emulator.faults().clear();
    }

    private WorkflowRun start(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    /** The build log as text. */
    static final class JenkinsLogs {
        private JenkinsLogs() {}

        static String of(WorkflowRun b) throws java.io.IOException {
            return JenkinsRule.getLog(b);
        }

        static int count(String text, String part) {
            int count = 0;
            for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
                count++;
            }
            return count;
        }
    }
}
