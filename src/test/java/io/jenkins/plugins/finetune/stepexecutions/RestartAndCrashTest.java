package io.jenkins.plugins.finetune.stepexecutions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
 * The durable steps across clean restarts and crashes ({@link CrashSimulation}: the next session starts from what
 * was on disk, without the shutdown's saves), at every phase: a bulk change while it is changing jobs (with and
 * without wait) and while it waits, a single-job change while it waits, and the reads. Whatever happened, every
 * selected job is in the result and on the build page exactly once, and no job gets a second change request.
 * The emulator answers slowly enough that a change of 30 jobs two at a time is really in flight, and runs on a
 * clock the test moves, so jobs stay {@code pausing} until the test lets them reach {@code paused}.
 */
class RestartAndCrashTest {

    private static final int JOBS = 30;

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;
    private List<String> running;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .clock(clock)
                .pauseDelay(Duration.ofMinutes(10))
                .latency(Duration.ofMillis(100))
                .build()
                .start();
        running = emulator.seedRunningJobs(JOBS);
        emulator.seedJob(JobSeed.withStatus("paused").suffix("not-selected"));
        emulator.seedJob(JobSeed.withStatus("succeeded").suffix("not-selected"));
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    private static final String BULK = "def r = pauseFineTunes(status: 'running', concurrency: 2%s)\n"
            + "echo \"paused: ${r.findAll { it.outcome == 'paused' }.size()}\"\n"
            + "echo \"selected: ${r.size()}\"\n"
            + "echo \"counted: ${r.counts().paused}\"\n"; // the result, saved with the program, still counts

    @Test
    void aRestartWhileABulkChangeIsChangingJobsChangesEachSelectedJobOnce() throws Throwable {
        restartOrCrashDuringTheBulkChange(false, false);
    }

    @Test
    void aRestartWhileABulkChangeWithWaitIsChangingJobsChangesAndWaitsOnEachSelectedJob() throws Throwable {
        restartOrCrashDuringTheBulkChange(true, false);
    }

    @Test
    void aCrashWhileABulkChangeIsChangingJobsResumesFromTheLastCheckpoint() throws Throwable {
        restartOrCrashDuringTheBulkChange(true, true);
    }

    private void restartOrCrashDuringTheBulkChange(boolean wait, boolean crash) throws Throwable {
        CrashSimulation[] crashSimulation = {null};
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, String.format(BULK, wait ? ", wait: true, timeout: 3600" : ""));
            j.waitForMessage(JOBS + " fine-tuning jobs selected", b);
            awaitRequests(6, RestartAndCrashTest::isPause); // really in flight: some paused, most not yet
            if (crash) {
                crashSimulation[0] = new CrashSimulation(sessions.getHome());
                crashSimulation[0].crashNow();
            }
            assertThat("the change was cut short", pauses().size(), lessThan(JOBS));
        });
        if (crash) {
            crashSimulation[0].restoreCrashedHome();
        }
        sessions.then(j -> {
            WorkflowRun b = build(j);
            if (wait) {
                awaitPausing(running); // every pause applied: from now on the emulator's clock decides
                clock.advance(Duration.ofMinutes(11)); // the emulator lets the jobs reach paused
            }
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("Jenkins restarted during the bulk pause", b);
            j.assertLogContains("selected: " + JOBS, b);
            j.assertLogContains("paused: " + JOBS, b);
            j.assertLogContains("counted: " + JOBS, b);
            assertThat("one pause request per selected job", pausesPerJob(), is(once(running)));
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat(page.getTotal(), is(JOBS));
            assertThat(page.getCounts(), is(Map.of("paused", JOBS)));
            List<String> statuses =
                    running.stream().map(id -> emulator.job(id).status()).toList();
            assertThat(statuses, everyItem(wait ? is("paused") : anyOf(is("pausing"), is("paused"))));
            if (wait) {
                j.assertLogContains("every job waited on is paused", b);
                assertSettled(page);
            }
        });
    }

    /** Every job on the build page shows its final status, how long the wait took, and what came before. */
    private static void assertSettled(FineTuneJobsAction page) {
        assertThat(page.getEntries().size(), is(JOBS));
        for (FineTuneJobsAction.Entry entry : page.getEntries()) {
            assertThat(entry.getJobId(), entry.getStatus(), is("paused"));
            assertThat(entry.getOutcomeText(), is("paused"));
            assertThat(entry.getPreviousStatus(), is("running"));
            assertThat(entry.getWaitedMillis(), is(notNullValue()));
        }
    }

    @Test
    void aCrashWhileABulkChangeWaitsResumesWaitingWithoutChangingOrRecordingAgain() throws Throwable {
        CrashSimulation[] crash = {null};
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(j, String.format(BULK, ", wait: true, timeout: 3600"));
            j.waitForMessage("Waiting for " + JOBS + " fine-tuning jobs to be paused", b);
            int polls = count(RestartAndCrashTest::isListing);
            awaitRequests(polls + 1, RestartAndCrashTest::isListing); // waiting has begun: its state is saved
            crash[0] = new CrashSimulation(sessions.getHome());
            crash[0].crashNow();
        });
        crash[0].restoreCrashedHome();
        sessions.then(j -> {
            WorkflowRun b = build(j);
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogNotContains("Jenkins restarted during the bulk pause", b);
            j.assertLogContains("paused: " + JOBS, b);
            j.assertLogContains("counted: " + JOBS, b);
            assertThat(pausesPerJob(), is(once(running)));
            assertThat(b.getAction(FineTuneJobsAction.class).getTotal(), is(JOBS));
            assertSettled(b.getAction(FineTuneJobsAction.class));
        });
    }

    @Test
    void aCrashWhileASingleJobChangeWaitsResumesWaitingWithoutReadingOrRecordingAgain() throws Throwable {
        String jobId = running.get(0);
        CrashSimulation[] crash = {null};
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowRun b = start(
                    j,
                    "def job = pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 3600)\n"
                            + "echo \"final status: ${job.status}\"");
            j.waitForMessage("running → pausing", b);
            int reads = count(RestartAndCrashTest::isRead);
            awaitRequests(reads + 1, RestartAndCrashTest::isRead); // the first poll: waiting's state is saved
            crash[0] = new CrashSimulation(sessions.getHome());
            crash[0].crashNow();
        });
        crash[0].restoreCrashedHome();
        sessions.then(j -> {
            WorkflowRun b = build(j);
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("final status: paused", b);
            j.assertLogNotContains("reading the job before sending it again", b);
            assertThat(pausesPerJob(), is(Map.of(jobId, 1)));
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat("the build page counts the job once", page.getTotal(), is(1));
            assertThat(page.getEntries().size(), is(1));
            FineTuneJobsAction.Entry entry = page.getEntries().get(0);
            assertThat("settled by the resumed wait", entry.getStatus(), is("paused"));
            assertThat(entry.getPreviousStatus(), is("running"));
            assertThat(entry.getRequestId(), is(notNullValue()));
            j.assertLogContains(entry.getRequestId(), b);
            assertThat(
                    "from the change to the final status, across the crash",
                    entry.getWaitedMillis(),
                    is(notNullValue()));
        });
    }

    @Test
    void readsAreMadeAgainAfterARestart() throws Throwable {
        String jobId = running.get(0);
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            emulator.faults().next(Fault.hang(Duration.ofSeconds(30)));
            WorkflowRun b = start(
                    j,
                    "def job = fineTuneJob(jobId: '" + jobId + "')\n"
                            + "echo \"read: ${job.id} ${job.status}\"\n"
                            + "def jobs = fineTuneJobs(status: 'running', fields: 'id')\n"
                            + "echo \"listed: ${jobs.size()}\"");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (emulator.requestsInFlight() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat("the read is in flight", emulator.requestsInFlight(), greaterThan(0));
            assertThat(b.isBuilding(), is(true));
        });
        sessions.then(j -> {
            WorkflowRun b = build(j);
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("Jenkins restarted while reading fine-tuning job '" + jobId + "'; reading again", b);
            j.assertLogContains("read: " + jobId + " running", b);
            j.assertLogContains("listed: " + JOBS, b);
        });
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

    private static WorkflowRun start(JenkinsRule j, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p.scheduleBuild2(0).waitForStart();
    }

    private static WorkflowRun build(JenkinsRule j) {
        return j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
    }

    private static boolean isPause(RecordedRequest r) {
        return r.method().equals("POST") && r.path().endsWith("/pause");
    }

    private static boolean isListing(RecordedRequest r) {
        return r.method().equals("GET") && r.path().endsWith("/fine_tuning/jobs");
    }

    private static boolean isRead(RecordedRequest r) {
        return r.method().equals("GET") && r.path().contains("/fine_tuning/jobs/");
    }

    private List<RecordedRequest> pauses() {
        return emulator.requests().stream().filter(RestartAndCrashTest::isPause).toList();
    }

    private int count(Predicate<RecordedRequest> which) {
        return (int) emulator.requests().stream().filter(which).count();
    }

    /** Pause requests per job id. */
    private Map<String, Integer> pausesPerJob() {
        return pauses().stream()
                .map(r -> r.path()
                        .substring(r.path().indexOf("/jobs/") + 6, r.path().lastIndexOf('/')))
                .collect(Collectors.toMap(id -> id, id -> 1, Integer::sum, TreeMap::new));
    }

    private static Map<String, Integer> once(List<String> ids) {
        return ids.stream().collect(Collectors.toMap(id -> id, id -> 1, Integer::sum, TreeMap::new));
    }

    /** Until the emulator has applied the pause of every one of these jobs (it answers after its latency). */
    private void awaitPausing(List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ids.stream().allMatch(id -> emulator.job(id).status().equals("pausing"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the jobs never all reached pausing");
            }
            Thread.sleep(20);
        }
    }

    private void awaitRequests(int count, Predicate<RecordedRequest> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(which) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator never received " + count + " such requests");
            }
            Thread.sleep(20);
        }
    }
}
