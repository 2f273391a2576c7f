package io.jenkins.plugins.finetune.agents;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Issue 23, part 2: an agent whose JVM hangs (stopped with SIGSTOP) while a {@code pauseFineTune(wait: true,
 * callFrom: 'agent')} polls through it. Each call to it ends after a little more than the exchange timeout, as if
 * the agent were away; the wait rides that out and fails at its own deadline, naming the agent; another build's
 * pause on the controller goes through meanwhile.
 */
@WithJenkins
class HungAgentTest extends FoundryTestSupport {

    private static final Logger LOGGER = Logger.getLogger(HungAgentTest.class.getName());
    private static final String AGENT = "hung-agent";
    private static final int EXCHANGE_TIMEOUT_SECONDS = 3;
    private static final int WAIT_SECONDS = 25;

    /** Where the agent's job stays "pausing" long after the test is over. */
    private FineTuningEmulator stuck;

    private DumbSlave agent;

    @BeforeEach
    void startAgentAndASlowResource() throws Exception {
        stuck = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(Duration.ofMinutes(30))
                .build()
                .start();
        FoundryResource resource = new FoundryResource("stuck");
        resource.setEndpoint(stuck.baseUrl());
        resource.setCredentialsId(CREDENTIALS_ID);
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setResources(List.of(resource));
        config.setExchangeTimeoutSeconds(EXCHANGE_TIMEOUT_SECONDS);
        agent = RealAgents.agent(j, "hung").name(AGENT).startOnline();
    }

    @AfterEach
    void stopEmulator() {
        if (stuck != null) {
            stuck.close();
        }
    }

    @Test
    void aWaitThroughAHungAgentRidesItOutToItsDeadlineAndOtherBuildsGoOn() throws Exception {
        String id = stuck.seedJob(JobSeed.running().suffix("on-the-hung-agent"));
        WorkflowJob waiting = j.createProject(WorkflowJob.class, "waits-through-the-agent");
        waiting.setDefinition(new CpsFlowDefinition(
                "node('hung') {\n"
                        + "  pauseFineTune(resource: 'stuck', jobId: '" + id + "', wait: true, timeout: " + WAIT_SECONDS
                        + ", callFrom: 'agent')\n"
                        + "}\n",
                true));
        long pid = RealAgents.launcher(agent).pid();
        assertThat(pid, greaterThan(0L));
        WorkflowRun b = waiting.scheduleBuild2(0).waitForStart();
        await(
                "the pause was sent and the wait polls",
                60,
                () -> stuck.requests().stream().anyMatch(r -> r.method().equals("POST"))
                        && stuck.requests().stream().anyMatch(r -> r.method().equals("GET")));
        long stoppedAt = System.nanoTime();
        signal("-STOP", pid);
        try {
            String other = emulator.seedJob(JobSeed.running().suffix("other-team"));
            WorkflowJob otherTeam = j.createProject(WorkflowJob.class, "other-team");
            otherTeam.setDefinition(new CpsFlowDefinition(
                    "def job = pauseFineTune(jobId: '" + other + "')\necho \"other team: ${job.status}\"\n", true));
            long started = System.nanoTime();
            WorkflowRun o = j.buildAndAssertSuccess(otherTeam);
            long otherMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            LOGGER.info("pauseFineTune on the controller while agent " + AGENT + " hung: " + otherMillis + " ms");
            j.assertLogContains("other team: pausing", o);
            assertThat("the other build's pause, in ms", otherMillis, lessThan(30_000L));

            j.waitForCompletion(b);
            long hungMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            LOGGER.info("the wait through the hung agent ended " + hungMillis + " ms after SIGSTOP (build "
                    + b.getDuration() + " ms)");
            j.assertBuildStatus(Result.FAILURE, b);
            JenkinsRule.getLog(b)
                    .lines()
                    .filter(line -> line.contains("Timed out") || line.contains("polling again"))
                    .forEach(line -> LOGGER.info("build log: " + line));
            j.assertLogContains(
                    "Timed out after " + WAIT_SECONDS + " s waiting for fine-tuning job '" + id + "' to be paused", b);
            j.assertLogContains(
                    "agent '" + AGENT + "' did not answer within " + (EXCHANGE_TIMEOUT_SECONDS + 10) + " s", b);
            j.assertLogContains("polling again until the deadline", b);
            j.assertLogNotContains("\tat ", b);
            assertThat(
                    "the wait ended near its deadline, not when the agent came back (ms)",
                    b.getDuration(),
                    lessThan(TimeUnit.SECONDS.toMillis(WAIT_SECONDS + 2L * (EXCHANGE_TIMEOUT_SECONDS + 10) + 15)));
        } finally {
            resumeIfAlive(pid);
        }
    }

    /**
     * Lets the agent go on, if it is still there: the controller may have closed its channel and its launcher ended
     * the stopped process meanwhile (under load), which is not what this test is about and must not hide the
     * assertion that failed in the test, if one did.
     */
    private static void resumeIfAlive(long pid) throws Exception {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        } else {
            LOGGER.info("agent process " + pid + " had already ended when the test let it go on");
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat("kill " + signal + " " + pid, kill.waitFor(), is(0));
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
