package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.JobEventLines;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import io.jenkins.plugins.finetune.waiting.BulkWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The job's events in the build log while the change steps wait ({@code pauseFineTune(wait: true)}, its freestyle
 * build step, {@code pauseFineTunes(wait: true)}), against the emulator on a clock the test moves: each event once, in
 * order, with its id; none with {@code events: false}; a bulk wait bounded per poll.
 */
@WithJenkins
class ChangeWaitEventsTest {

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
                .pauseDelay(Duration.ofMinutes(1))
                .stepDuration(Duration.ofSeconds(10))
                .build()
                .start();
        FoundryTestSupport.configureDefaults(emulator);
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    /** A running job that trained a while: a few step events before the pause. */
    private String trainedRunningJob() {
        String id = emulator.seedJob(JobSeed.running().totalSteps(100).eventInterval(1));
        clock.advance(Duration.ofSeconds(35));
        return id;
    }

    @Test
    void pauseWithWaitPrintsEachEventOnceInOrder() throws Exception {
        String id = trainedRunningJob();
        WorkflowRun b = start("def job = pauseFineTune(jobId: '" + id + "', wait: true, timeout: 600)\n"
                + "echo \"final: ${job.status}\"");
        j.waitForMessage("Job pause requested.", b);
        clock.advance(Duration.ofSeconds(61));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        j.assertLogContains("final: paused", b);
        List<String> events = eventLines(b, id);
        assertThat("every event of the job, once each, in order", events, is(JobEventLines.of(emulator, id)));
        assertThat(JobEventLines.message(events.get(events.size() - 1)), is("Job paused; a checkpoint was saved."));
        assertThat(
                "the step events before the pause too",
                events.stream().filter(l -> l.contains(" info: Step ")).count(),
                greaterThan(1L));
        String log = JenkinsRule.getLog(b);
        assertThat(
                "the last event is printed before the step's last line",
                log.indexOf("Job paused; a checkpoint was saved."),
                is(lessThanOrEqualTo(log.indexOf("Fine-tuning job " + id + " is paused after"))));
    }

    @Test
    void eventsFalsePrintsNoneAndReadsNone() throws Exception {
        String id = trainedRunningJob();
        WorkflowRun b = start("pauseFineTune(jobId: '" + id + "', wait: true, timeout: 600, events: false)");
        j.waitForMessage("Fine-tuning job " + id + ": running → pausing", b);
        clock.advance(Duration.ofSeconds(61));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("Fine-tuning job " + id + " is paused after", b);
        assertThat(eventLines(b, id), is(empty()));
        assertThat(eventReads(), is(0L));
    }

    @Test
    void bulkWaitPrintsEventsOnceBoundedPerPoll() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(emulator.seedJob(JobSeed.running().totalSteps(100).eventInterval(1)));
        }
        clock.advance(Duration.ofSeconds(95)); // 9 step events each, with the three of its start: more than 5
        WorkflowRun b = start("pauseFineTunes(jobIds: '" + String.join(" ", ids) + "', wait: true, timeout: 600)");
        j.waitForMessage("Waiting for 8 fine-tuning jobs to be paused", b);
        // the polls before the clock moves read the jobs' events in turns of 5, while they are pausing
        long until = System.currentTimeMillis() + 60_000;
        while (eventReads() < 10 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        clock.advance(Duration.ofSeconds(61));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        // before this test reads the histories itself
        assertThat(
                "at most 5 jobs' events read per poll",
                eventReads(),
                lessThanOrEqualTo((long) BulkWait.EVENT_JOBS_PER_POLL * listings()));
        String log = JenkinsRule.getLog(b);
        List<String> all = log.lines().filter(l -> l.startsWith("[ftjob-")).toList();
        List<String> printedEvents =
                all.stream().filter(l -> !l.contains("] … ")).toList();
        assertThat("no event twice", new HashSet<>(printedEvents).size(), is(printedEvents.size()));
        int jobsWithEvents = 0;
        for (String id : ids) {
            List<String> printed =
                    eventLines(b, id).stream().filter(l -> !l.contains("] … ")).toList();
            List<String> history = JobEventLines.of(emulator, id);
            assertThat("in order, each one of the job's own", isSubsequence(printed, history), is(true));
            if (!printed.isEmpty()) {
                jobsWithEvents++;
                assertThat(
                        "the first reading of a job shows its newest 5 and counts the others",
                        log.contains("[" + id + "] … "),
                        is(true));
            }
        }
        assertThat(jobsWithEvents, greaterThan(BulkWait.EVENT_JOBS_PER_POLL - 1));
        for (String id : ids) {
            assertThat(
                    "at most 5 lines of a job per reading, after the line counting the others",
                    linesAfterCount(log.lines().toList(), id),
                    lessThanOrEqualTo(BulkWait.EVENTS_PER_JOB));
        }

        WorkflowRun quiet = start(
                "resumeFineTunes(jobIds: '" + String.join(" ", ids) + "', wait: true, timeout: 600, events: false)");
        j.waitForMessage("Waiting for 8 fine-tuning jobs to be running", quiet);
        long readsBefore = eventReads();
        clock.advance(Duration.ofSeconds(5));
        j.assertBuildStatusSuccess(j.waitForCompletion(quiet));
        assertThat(
                JenkinsRule.getLog(quiet)
                        .lines()
                        .filter(l -> l.startsWith("[ftjob-"))
                        .toList(),
                hasSize(0));
        assertThat(eventReads(), is(readsBefore));
    }

    @Test
    void freestylePauseWithWaitPrintsEachEventOnce() throws Exception {
        String id = trainedRunningJob();
        PauseFineTuneStep step = new PauseFineTuneStep(id);
        step.setWait(true);
        step.setTimeout(600);
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(step));
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Job pause requested.", b);
        clock.advance(Duration.ofSeconds(61));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        List<String> events = eventLines(b, id);
        assertThat("every event of the job, once each, in order", events, is(JobEventLines.of(emulator, id)));
    }

    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int at = 0;
        for (String line : part) {
            while (at < whole.size() && !whole.get(at).equals(line)) {
                at++;
            }
            if (at == whole.size()) {
                return false;
            }
            at++;
        }
        return true;
    }

    /** How many of {@code id}'s event lines follow the line counting those not shown (its first reading). */
    private static int linesAfterCount(List<String> lines, String id) {
        int count = 0;
        boolean counting = false;
        for (String line : lines) {
            if (line.startsWith("[" + id + "] … ")) {
                counting = true;
            } else if (counting && line.startsWith("[" + id + "] ")) {
                count++;
            } else if (counting) {
                break;
            }
        }
        return count;
    }

    private long eventReads() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/events"))
                .count();
    }

    private long listings() {
        return emulator.requests().stream()
                .filter(ChangeWaitEventsTest::isListing)
                .count();
    }

    private static boolean isListing(RecordedRequest r) {
        return r.method().equals("GET") && r.path().matches(".*/fine_tuning/jobs/?");
    }

    private static List<String> eventLines(Run<?, ?> b, String id) throws Exception {
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
}
