package io.jenkins.plugins.finetune.ondisk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Loads what 1.0 wrote ({@link OnDiskFixtures}: a home left by a crash with builds waiting, and finished builds
 * with their record) and asserts what a user sees after upgrading: the configuration as it was, each waiting build
 * resuming its wait and completing without a second change request, the record of a finished build on its page;
 * from the second home ({@code home-1.0-midway}), builds cut short in the middle of a change resuming it with each
 * job changed once.
 * If this fails after a change, the change broke upgrades: keep the old form loading ({@code readResolve}, an alias),
 * never regenerate the fixtures.
 */
class OnDiskFormatTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = OnDiskFixtures.emulator(clock);
    }

    /** The first home: builds waiting, finished builds; the jobs as its builds left them. */
    private void loadTheFixtureHome() throws Exception {
        OnDiskFixtures.seedAsLeft(emulator);
        load("home-1.0");
    }

    /** The second home: builds cut short in a change; the jobs as they left them. */
    private void loadTheMidwayHome(boolean requestTookEffect) throws Exception {
        OnDiskFixtures.seedMidwayAsLeft(emulator, requestTookEffect);
        load("home-1.0-midway");
    }

    private void load(String home) throws Exception {
        Path fixture = Path.of(OnDiskFormatTest.class.getResource(home).toURI());
        OnDiskFixtures.load(fixture, sessions.getHome().toPath(), emulator.baseUrl());
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void theConfigurationLoadsAsSaved() throws Throwable {
        loadTheFixtureHome();
        sessions.then(j -> {
            FoundryResource resource = FoundryFineTuningConfiguration.get().getResource(OnDiskFixtures.RESOURCE);
            assertThat(resource.getEndpoint(), is(emulator.baseUrl()));
            assertThat(resource.getCredentialsId(), is(FoundryTestSupport.CREDENTIALS_ID));
            assertThat(FoundryFineTuningConfiguration.get().isRestrictEndpoints(), is(true));
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                String page = wc.goTo("manage/configure").getWebResponse().getContentAsString();
                assertThat(page, containsString(emulator.baseUrl()));
            }
        });
    }

    @Test
    void aSingleJobChangeWaitingWhen10StoppedCompletesWithoutASecondRequest() throws Throwable {
        loadTheFixtureHome();
        sessions.then(j -> {
            WorkflowRun b = build(j, "waiting-single");
            clock.advance(Duration.ofMinutes(11)); // the emulator lets the job reach paused
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("final status: paused", b);
            assertThat("no change request after the upgrade", pauses(), is(empty()));
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat(page.getTotal(), is(1));
            assertThat(page.getEntries().get(0).getJobId(), is(OnDiskFixtures.SINGLE_JOB));
        });
    }

    @Test
    void aBulkChangeWaitingWhen10StoppedCompletesWithoutASecondRequest() throws Throwable {
        loadTheFixtureHome();
        sessions.then(j -> {
            WorkflowRun b = build(j, "waiting-bulk");
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(finished(b));
            int jobs = OnDiskFixtures.BULK_JOBS.size();
            j.assertLogContains("paused: " + jobs + " of " + jobs, b);
            assertThat("no change request after the upgrade", pauses(), is(empty()));
            assertThat(b.getAction(FineTuneJobsAction.class).getTotal(), is(jobs));
        });
    }

    @Test
    void aWaitForFineTuneWaitingWhen10StoppedWaitsOnUntilTheJobSucceeds() throws Throwable {
        loadTheFixtureHome();
        sessions.then(j -> {
            WorkflowRun b = build(j, "waiting-until");
            clock.advance(Duration.ofMinutes(1)); // the emulator trains the job's last steps
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("Jenkins restarted while waiting for fine-tuning job " + OnDiskFixtures.UNTIL_JOB, b);
            j.assertLogContains("waited until: succeeded", b);
            assertThat(
                    "charted as it ended",
                    b.getAction(FineTuneTrainingAction.class).getJobs().get(0).getJobId(),
                    is(OnDiskFixtures.UNTIL_JOB));
        });
    }

    @Test
    void aFinishedBuildsRecordShowsOnItsPageAndInItsJson() throws Throwable {
        loadTheFixtureHome();
        sessions.then(j -> {
            WorkflowRun b = build(j, "recorded");
            FineTuneJobsAction record = b.getAction(FineTuneJobsAction.class);
            assertThat(record.getTotal(), is(1 + OnDiskFixtures.RECORDED_BULK.size()));
            FineTuneTrainingAction training = b.getAction(FineTuneTrainingAction.class);
            assertThat(training.getJobs().get(0).getJobId(), is(OnDiskFixtures.CHARTED));
            assertThat(training.getJobs().get(0).getPoints(), hasSize(4)); // a checkpoint every 10 of 40 steps
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                String main = wc.goTo(b.getUrl()).getWebResponse().getContentAsString();
                assertThat("the training chart is drawn from build.xml", main, containsString("<svg"));
                assertThat(main, containsString(OnDiskFixtures.CHARTED));
            }
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                String url = b.getUrl() + record.getUrlName();
                String page = wc.goTo(url).getWebResponse().getContentAsString();
                String json = wc.goTo(b.getUrl() + "api/json?depth=2", "application/json") // the build's actions
                        .getWebResponse()
                        .getContentAsString();
                String all = wc.goTo(url + "/all.json", "application/json")
                        .getWebResponse()
                        .getContentAsString();
                for (String id : List.of(
                        OnDiskFixtures.RECORDED_SINGLE,
                        OnDiskFixtures.RECORDED_BULK.get(0),
                        OnDiskFixtures.RECORDED_BULK.get(1))) {
                    assertThat(page, containsString(id));
                    assertThat(json, containsString(id));
                    assertThat(all, containsString(id));
                }
            }
        });
    }

    @Test
    void aBulkChangeCutShortWhen10StoppedChangesTheRestOnceAndRecordsEveryJob() throws Throwable {
        loadTheMidwayHome(false);
        List<String> jobs = OnDiskFixtures.MIDWAY_BULK_JOBS;
        sessions.then(j -> {
            WorkflowRun b = build(j, "changing-bulk");
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains(
                    "Jenkins restarted during the bulk pause: 1 of the 4 selected jobs had an outcome; reading and"
                            + " changing the other 3",
                    b);
            j.assertLogContains("paused: 4 of 4", b);
            // the first's outcome was saved and the second had taken effect: neither is sent again; the held third
            // never reached the job and the fourth was never sent: one request each
            assertThat(pausesPerJob(), is(Map.of(jobs.get(2), 1, jobs.get(3), 1)));
            for (String id : jobs) {
                assertThat(id, emulator.job(id).status(), is("pausing"));
            }
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat(page.getTotal(), is(4));
            assertThat(page.getCounts(), is(Map.of("paused", 4)));
            assertThat(
                    "each job on the page once",
                    page.getEntries().stream()
                            .map(FineTuneJobsAction.Entry::getJobId)
                            .sorted()
                            .toList(),
                    is(jobs));
            for (FineTuneJobsAction.Entry entry : page.getEntries()) {
                assertThat(entry.getJobId(), entry.getPreviousStatus(), is("running"));
            }
        });
    }

    @Test
    void aSingleJobChangeCutShortInItsRequestReadsTheJobAndSendsTheChangeOnce() throws Throwable {
        loadTheMidwayHome(false); // the held request never reached the job
        sessions.then(j -> {
            WorkflowRun b = build(j, "requesting-single");
            awaitPauses(1);
            clock.advance(Duration.ofMinutes(11)); // the emulator lets the job reach paused
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains(
                    "Jenkins restarted during the pause request for fine-tuning job " + OnDiskFixtures.REQUESTING_JOB
                            + "; reading the job before sending it again",
                    b);
            j.assertLogContains("final status: paused", b);
            assertThat("sent once after the upgrade", pausesPerJob(), is(Map.of(OnDiskFixtures.REQUESTING_JOB, 1)));
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat(page.getTotal(), is(1));
            FineTuneJobsAction.Entry entry = page.getEntries().get(0);
            assertThat(entry.getJobId(), is(OnDiskFixtures.REQUESTING_JOB));
            assertThat("settled by the wait", entry.getStatus(), is("paused"));
            assertThat(entry.getPreviousStatus(), is("running"));
            assertThat(entry.getRequestId(), is(notNullValue()));
            assertThat(entry.getWaitedMillis(), is(notNullValue()));
        });
    }

    @Test
    void aSingleJobChangeCutShortInItsRequestThatTookEffectIsNotSentAgain() throws Throwable {
        loadTheMidwayHome(true); // Azure applied the held request; the build never saw the answer
        sessions.then(j -> {
            WorkflowRun b = build(j, "requesting-single");
            j.waitForMessage("the pause request took effect; not sending it again", b);
            clock.advance(Duration.ofMinutes(11));
            j.assertBuildStatusSuccess(finished(b));
            j.assertLogContains("final status: paused", b);
            assertThat("no change request after the upgrade", pauses(), is(empty()));
            FineTuneJobsAction page = b.getAction(FineTuneJobsAction.class);
            assertThat(page.getTotal(), is(1));
            assertThat(page.getCounts(), is(Map.of("paused", 1)));
            assertThat(page.getEntries().get(0).getStatus(), is("paused"));
        });
    }

    private static WorkflowRun build(JenkinsRule j, String job) {
        return j.jenkins.getItemByFullName(job, WorkflowJob.class).getBuildByNumber(1);
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

    /** Pause requests per job id. */
    private Map<String, Integer> pausesPerJob() {
        return pauses().stream()
                .map(r -> r.path()
                        .substring(r.path().indexOf("/jobs/") + 6, r.path().lastIndexOf('/')))
                .collect(Collectors.toMap(id -> id, id -> 1, Integer::sum, TreeMap::new));
    }

    private void awaitPauses(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pauses().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the emulator never received " + count + " pause requests");
            }
            Thread.sleep(20);
        }
    }

    private List<RecordedRequest> pauses() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/pause"))
                .toList();
    }
}
