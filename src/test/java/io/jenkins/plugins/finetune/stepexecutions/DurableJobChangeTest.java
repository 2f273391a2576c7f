package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The single-job change steps across controller restarts and aborts: waiting holds no thread and resumes from
 * the stored deadline; a restart during the change request reads the job before sending the change again.
 * The emulator runs on a clock the test moves, so a job stays {@code pausing} exactly as long as the test wants.
 */
class DurableJobChangeTest {

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
                .pauseDelay(Duration.ofMinutes(10))
                .build()
                .start();
        jobId = emulator.seedJob(JobSeed.running().suffix("durable"));
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void waitSurvivesARestartAndSendsThePauseOnce() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(
                    j,
                    "def job = pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 3600)\n"
                            + "echo \"final status: ${job.status}\"");
            j.waitForMessage("running → pausing", b);
        });
        sessions.then(j -> {
            WorkflowRun b = build(j);
            clock.advance(Duration.ofMinutes(11)); // the emulator lets the job reach paused
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("pausing → paused", b);
            j.assertLogContains("final status: paused", b);
            j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
            assertThat(pauseRequests(), hasSize(1));
        });
    }

    @Test
    void aBulkWaitSurvivesARestart() throws Throwable {
        String second = emulator.seedJob(JobSeed.running().suffix("durable-2"));
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(
                    j,
                    "def r = pauseFineTunes(suffix: 'durable', wait: true, timeout: 3600)\n"
                            + "echo \"final: ${r.collect { it.id + '=' + it.status }.sort()}\"");
            j.waitForMessage("Waiting for 2 fine-tuning jobs to be paused", b);
        });
        sessions.then(j -> {
            WorkflowRun b = build(j);
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Fine-tuning job " + jobId + ": pausing → paused", b);
            j.assertLogContains("Fine-tuning job " + second + ": pausing → paused", b);
            j.assertLogContains(
                    "final: "
                            + List.of(jobId + "=paused", second + "=paused").stream()
                                    .sorted()
                                    .toList(),
                    b);
            assertThat(pauseRequests(), hasSize(2));
        });
    }

    @Test
    void aBulkWaitTimesOutNamingTheJobs() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, "pauseFineTunes(jobIds: ['" + jobId + "'], wait: true, timeout: 2)");
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains(
                    "Bulk pause: timed out after 2 s waiting for 1 jobs to be paused: " + jobId + " (pausing)", b);
        });
    }

    @Test
    void abortingAWaitEndsTheBuildPromptly() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, "pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 3600)");
            j.waitForMessage("running → pausing", b);
            long stopped = System.nanoTime();
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped), lessThan(5_000L));
            int requests = emulator.requestCount();
            Thread.sleep(2_500); // longer than the next poll would have waited
            assertThat("no poll after the abort", emulator.requestCount(), is(requests));
        });
    }

    @Test
    void timeoutFailsWithTheLastStatus() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, "pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 2)");
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains(
                    "Timed out after 2 s waiting for fine-tuning job '" + jobId
                            + "' to be paused; its last status was 'pausing'.",
                    b);
        });
    }

    @Test
    void restartDuringTheRequestSendsTheChangeOnceWhenItHadNotReachedAzure() throws Throwable {
        emulator.faults().next(Fault.hang(Duration.ofMinutes(2)).onlyFor("POST", jobId + "/pause"));
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            start(j, "def job = pauseFineTune(jobId: '" + jobId + "')\necho \"status: ${job.status}\"");
            awaitPauseRequests(1); // held by the emulator: Jenkins restarts before any answer
        });
        sessions.then(j -> {
            WorkflowRun b = build(j);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("reading the job before sending it again", b);
            j.assertLogContains("status: pausing", b);
            assertThat("the held request and one more", pauseRequests(), hasSize(2));
        });
    }

    @Test
    void restartDuringTheRequestDoesNotSendTheChangeAgainWhenItTookEffect() throws Throwable {
        emulator.faults().next(Fault.hang(Duration.ofMinutes(2)).onlyFor("POST", jobId + "/pause"));
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            start(j, "def job = pauseFineTune(jobId: '" + jobId + "')\necho \"status: ${job.status}\"");
            awaitPauseRequests(1);
            // Azure applied the change before the restart, though the build never saw the answer.
            try (FineTuningClient direct = FineTuningClient.builder()
                    .endpoint(emulator.baseUrl())
                    .credential(new ApiKeyCredential(FoundryTestSupport.API_KEY))
                    .build()) {
                direct.pause(jobId);
            }
        });
        sessions.then(j -> {
            WorkflowRun b = build(j);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("the pause request took effect; not sending it again", b);
            j.assertLogContains("status: pausing", b);
            assertThat(b.getAction(FineTuneJobsAction.class).getCounts(), is(Map.of("paused", 1)));
            assertThat("the held request and the direct one, nothing more", pauseRequests(), hasSize(2));
        });
    }

    @Test
    void aJobWithoutAStatusIsAClearError() throws Throwable {
        emulator.faults()
                .next(Fault.respond(
                                200,
                                Map.of("Content-Type", "application/json"),
                                "{\"id\":\"" + jobId + "\",\"object\":\"fine_tuning.job\"}")
                        .onlyFor("POST", jobId + "/pause"));
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, "pauseFineTune(jobId: '" + jobId + "', wait: true)");
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains("Azure answered fine-tuning job '" + jobId + "' without a status", b);
            j.assertLogNotContains("NullPointerException", b);
        });
    }

    @Test
    void timeoutZeroIsFineWithoutWaiting() throws Throwable {
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, "echo pauseFineTune(jobId: '" + jobId + "', timeout: 0).status");
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("pausing", b);

            WorkflowRun waiting = start(j, "pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 0)", "w");
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(waiting));
            j.assertLogContains("timeout: must be a positive number of seconds when wait is true; got 0.", waiting);
        });
    }

    private static WorkflowRun start(JenkinsRule j, String script) throws Exception {
        return start(j, script, "p");
    }

    private static WorkflowRun start(JenkinsRule j, String script, String name) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static WorkflowRun build(JenkinsRule j) {
        return j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
    }

    private List<RecordedRequest> pauseRequests() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/pause"))
                .toList();
    }

    private void awaitPauseRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pauseRequests().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator never received the pause request");
            }
            Thread.sleep(50);
        }
    }
}
