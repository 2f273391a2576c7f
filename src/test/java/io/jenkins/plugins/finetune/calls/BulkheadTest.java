package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
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
 * Issue 23, part 2, in a real Jenkins: a resource whose endpoint trickles its answers (a {@link Tarpit}: headers at
 * once, then a byte every 2 s) cannot stall other teams. One Pipeline reads it from more parallel branches than the
 * call pool has threads; its calls take their endpoint's share of the pool ({@link FoundryExecutors}), and another
 * resource's {@code pauseFineTune} goes through in normal time. Aborting the hung build ends it at once; the exchange
 * timeout fails a trickling read, naming the resource.
 */
@WithJenkins
class BulkheadTest extends FoundryTestSupport {

    private static final Logger LOGGER = Logger.getLogger(BulkheadTest.class.getName());

    /** More than the call pool's threads. */
    private static final int BRANCHES = 80;

    private Tarpit tarpit;

    @BeforeEach
    void startTarpit() throws Exception {
        tarpit = Tarpit.start(Duration.ofSeconds(2));
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm()); // users to abort as; anyone may do anything
        FoundryResource slow = new FoundryResource("slow");
        slow.setEndpoint(tarpit.baseUrl());
        slow.setCredentialsId(CREDENTIALS_ID);
        FoundryFineTuningConfiguration.get().setResources(List.of(slow));
    }

    @AfterEach
    void stopTarpit() throws Exception {
        tarpit.close();
    }

    @Test
    void aTarpitEndpointTakesItsShareOfThePoolAndAnotherResourcesPauseGoesThrough() throws Exception {
        FoundryFineTuningConfiguration.get()
                .setExchangeTimeoutSeconds(300); // the hung reads stay hung: abort ends them
        assertThat(BRANCHES, greaterThanOrEqualTo(FoundryExecutors.CALL_THREADS + 1));
        FoundryExecutors.Generation executors = FoundryExecutors.current();
        int share = executors.callsPerLane();
        String lane = CallLane.of(new FoundryTarget("slow", null, null, null), null);

        WorkflowJob hungJob = j.createProject(WorkflowJob.class, "hung");
        hungJob.setDefinition(new CpsFlowDefinition(
                "def reads = [:]\n"
                        + "for (int i = 0; i < " + BRANCHES + "; i++) {\n"
                        + "  def n = i\n"
                        + "  reads[\"read-${n}\"] = { fineTuneJob(resource: 'slow', jobId: \"ftjob-slow-${n}\") }\n"
                        + "}\n"
                        + "parallel reads\n",
                true));
        WorkflowRun hung = hungJob.scheduleBuild2(0).waitForStart();
        await("every read started: " + share + " in flight, the rest waiting without a thread", 60, () -> {
            int[] load = executors.callLoad(lane);
            return load[0] == share && load[1] == BRANCHES - share;
        });
        await("the tarpit holds " + share + " reads", 30, () -> tarpit.openNow() == share);

        String id = emulator.seedJob(JobSeed.running().suffix("other-team"));
        WorkflowJob otherTeam = j.createProject(WorkflowJob.class, "other-team");
        otherTeam.setDefinition(new CpsFlowDefinition(
                "def job = pauseFineTune(jobId: '" + id + "')\necho \"other team: ${job.status}\"\n", true));
        long started = System.nanoTime();
        WorkflowRun other = j.buildAndAssertSuccess(otherTeam);
        long pauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOGGER.info("pauseFineTune on a healthy resource while " + BRANCHES + " reads hung on a tarpit: " + pauseMillis
                + " ms (build duration " + other.getDuration() + " ms)");
        j.assertLogContains("other team: pausing", other);
        assertThat("the other team's pause, in ms", pauseMillis, lessThan(30_000L));
        assertThat("still hung", hung.isBuilding(), is(true));
        assertThat(
                "the tarpit never held more than the endpoint's share",
                tarpit.mostOpenAtOnce(),
                lessThanOrEqualTo(share));

        long abortMillis = abort(hung);
        // For scale: the same Pipeline with 80 parallel `sleep`s, aborted the same way (Pipeline's own cost).
        long sleepsAbortMillis = abort(startedWithStepsRunning(
                "sleeps",
                "def s = [:]\nfor (int i = 0; i < " + BRANCHES + "; i++) { s[\"s${i}\"] = { sleep 600 } }\n"
                        + "parallel s\n"));
        LOGGER.info("the hung build ended " + abortMillis + " ms after the abort; " + BRANCHES + " parallel sleeps "
                + sleepsAbortMillis + " ms");
        assertThat(
                "ms from the abort to the end of the build, against " + sleepsAbortMillis + " ms for as many sleeps",
                abortMillis,
                lessThan(2 * sleepsAbortMillis + 5_000L));
        String log = JenkinsRule.getLog(hung);
        assertThat(log, containsString("Aborted by alice"));
        assertThat("no stack trace in the log", log, not(containsString("\tat ")));
        assertThat(log, not(containsString("Exception")));
        await("the lane is empty again", 30, () -> {
            int[] load = executors.callLoad(lane);
            return load[0] == 0 && load[1] == 0;
        });
        await("no connection left at the tarpit", 30, () -> tarpit.openNow() == 0);
    }

    @Test
    void abortingAHungReadEndsTheBuildAtOnceWithoutAStackTrace() throws Exception {
        FoundryFineTuningConfiguration.get().setExchangeTimeoutSeconds(300);
        WorkflowJob p = j.createProject(WorkflowJob.class, "one-hung-read");
        p.setDefinition(new CpsFlowDefinition("fineTuneJob(resource: 'slow', jobId: 'ftjob-hung')", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await("the read hangs at the tarpit", 30, () -> tarpit.openNow() == 1);
        Thread.sleep(1000); // well into the trickle
        long millis = abort(b);
        LOGGER.info("one hung read ended " + millis + " ms after the abort");
        j.assertBuildStatus(Result.ABORTED, b);
        assertThat("ms from the abort to the end of the build", millis, lessThan(5_000L));
        j.assertLogContains("Aborted by alice", b);
        j.assertLogNotContains("\tat ", b);
        j.assertLogNotContains("Exception", b);
        await("the tarpit's connection is closed", 10, () -> tarpit.openNow() == 0);
    }

    @Test
    void theExchangeTimeoutFailsATricklingReadNamingTheResource() throws Exception {
        FoundryFineTuningConfiguration.get().setExchangeTimeoutSeconds(3);
        long started = System.nanoTime();
        WorkflowRun b = run("fineTuneJob(resource: 'slow', jobId: 'ftjob-trickle')", Result.FAILURE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        j.assertLogContains("Could not read fine-tuning job 'ftjob-trickle' on resource 'slow': ", b);
        j.assertLogContains(tarpit.baseUrl(), b);
        j.assertLogContains("the exchange did not finish within 3 s (the exchange timeout)", b);
        j.assertLogNotContains("\tat ", b);
        assertThat(tarpit.requests(), is(1)); // maxRetries 0 (FoundryTestSupport)
        assertThat("ended by the 3 s exchange timeout, in ms", millis, lessThan(20_000L));
    }

    @Test
    void theExchangeTimeoutIsRetriedWithinTheRetries() throws Exception {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setExchangeTimeoutSeconds(2);
        config.setMaxRetries(1);
        WorkflowRun b = run("fineTuneJob(resource: 'slow', jobId: 'ftjob-trickle')", Result.FAILURE);
        j.assertLogContains("after 2 attempts", b);
        j.assertLogContains("did not finish within 2 s", b);
        assertThat(tarpit.requests(), is(2));
    }

    @Test
    void theFormWarnsOfAnExchangeTimeoutNotAboveTheResponseTimeout() {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        assertThat(config.getExchangeTimeoutSeconds(), is(120));
        assertThat(config.doCheckExchangeTimeoutSeconds("120", "60").kind, is(FormValidation.Kind.OK));
        FormValidation notAbove = config.doCheckExchangeTimeoutSeconds("30", "60");
        assertThat(notAbove.kind, is(FormValidation.Kind.WARNING));
        assertThat(notAbove.getMessage(), containsString("30 s is not above the response timeout of 60 s"));
        assertThat(config.doCheckExchangeTimeoutSeconds("0", "60").kind, is(FormValidation.Kind.ERROR));
        assertThat(config.doCheckExchangeTimeoutSeconds("soon", "60").kind, is(FormValidation.Kind.ERROR));
        config.setExchangeTimeoutSeconds(0);
        assertThat("a non-positive value falls back to the default", config.getExchangeTimeoutSeconds(), is(120));
    }

    /** Aborts {@code b} as a user pressing its Stop button does; the time until it completed (ABORTED), in ms. */
    private long abort(WorkflowRun b) throws Exception {
        long abortedAt = System.nanoTime();
        try (ACLContext as = ACL.as2(User.getById("alice", true).impersonate2())) {
            b.doStop();
        }
        j.waitForCompletion(b);
        j.assertBuildStatus(Result.ABORTED, b);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - abortedAt);
    }

    /** A build of {@code script} once every one of its {@value #BRANCHES} steps runs. */
    private WorkflowRun startedWithStepsRunning(String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        await("every step of " + name + " runs", 60, () -> {
            try {
                return b.getExecution() != null
                        && b.getExecution().getCurrentExecutions(true).get().size() == BRANCHES;
            } catch (Exception e) {
                return false;
            }
        });
        return b;
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
