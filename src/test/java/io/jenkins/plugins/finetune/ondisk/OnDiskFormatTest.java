package io.jenkins.plugins.finetune.ondisk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

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
import java.util.concurrent.TimeUnit;
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
 * resuming its wait and completing without a second change request, the record of a finished build on its page.
 * If this fails after a change, the change broke upgrades: keep the old form loading ({@code readResolve}, an alias),
 * never regenerate the fixtures.
 */
class OnDiskFormatTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;

    @BeforeEach
    void loadTheFixtureHome() throws Exception {
        emulator = OnDiskFixtures.emulator(clock);
        OnDiskFixtures.seedAsLeft(emulator);
        Path fixture = Path.of(OnDiskFormatTest.class.getResource("home-1.0").toURI());
        OnDiskFixtures.load(fixture, sessions.getHome().toPath(), emulator.baseUrl());
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void theConfigurationLoadsAsSaved() throws Throwable {
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

    private List<RecordedRequest> pauses() {
        return emulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/pause"))
                .toList();
    }
}
