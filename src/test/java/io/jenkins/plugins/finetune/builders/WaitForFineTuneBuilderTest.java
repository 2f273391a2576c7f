package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.EnvVars;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.JobEventLines;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.steps.WaitForFineTuneStep;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.CaptureEnvironmentBuilder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle {@code waitForFineTuneBuilder}, against the emulator on a clock the test moves. */
@WithJenkins
class WaitForFineTuneBuilderTest {

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
                .trainingDuration(Duration.ofMinutes(10))
                .build()
                .start();
        FoundryTestSupport.configureDefaults(emulator);
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void waitsUntilSucceededPrintsEventsAndExportsTheFinalJob() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("nightly").totalSteps(5));
        j.jenkins
                .getGlobalNodeProperties()
                .add(new EnvironmentVariablesNodeProperty(
                        new EnvironmentVariablesNodeProperty.Entry("FT_JOB", id),
                        new EnvironmentVariablesNodeProperty.Entry("FT_UNTIL", "succeeded")));
        FreeStyleProject p = j.createFreeStyleProject();
        WaitForFineTuneStep wait = new WaitForFineTuneStep("${FT_JOB}");
        wait.setUntil("${FT_UNTIL}");
        wait.setTimeout(600);
        p.getBuildersList().add(new WaitForFineTuneBuilder(wait));
        CaptureEnvironmentBuilder capture = new CaptureEnvironmentBuilder();
        p.getBuildersList().add(capture);

        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Fine-tuning job " + id + " is running", b);
        clock.advance(Duration.ofMinutes(11));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        j.assertLogContains("Waiting up to 600 s for fine-tuning job " + id + " to be succeeded", b);
        j.assertLogContains("Fine-tuning job " + id + ": running → succeeded", b);
        List<String> events = JenkinsRule.getLog(b)
                .lines()
                .filter(l -> l.startsWith("[" + id + "] "))
                .toList();
        assertThat("every event of the job, once each, in order", events, is(JobEventLines.of(emulator, id)));
        assertThat(
                events.get(events.size() - 1),
                containsString("info: Fine-tuning job successfully completed. · ftevent-"));
        EnvVars env = capture.getEnvVars();
        assertThat(env.get("FINE_TUNE_JOB_ID"), is(id));
        assertThat(env.get("FINE_TUNE_STATUS"), is("succeeded"));
        assertThat(env.get("FINE_TUNE_FINE_TUNED_MODEL"), is(emulator.job(id).fineTunedModel()));
    }

    @Test
    void aJobThatEndsInAnotherFinalStatusOrAnUnknownUntilFailsTheBuild() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        FreeStyleProject typo = j.createFreeStyleProject();
        WaitForFineTuneStep bad = new WaitForFineTuneStep(id);
        bad.setUntil("paused, sucess");
        typo.getBuildersList().add(new WaitForFineTuneBuilder(bad));
        FreeStyleBuild refused = j.buildAndAssertStatus(Result.FAILURE, typo);
        j.assertLogContains("until: 'sucess' is not a fine-tuning job status", refused);
        assertThat("no call was made", emulator.requestCount(), is(0));

        FreeStyleProject p = j.createFreeStyleProject();
        WaitForFineTuneStep wait = new WaitForFineTuneStep(id);
        wait.setUntil("succeeded");
        wait.setEvents(false);
        p.getBuildersList().add(new WaitForFineTuneBuilder(wait));
        FreeStyleBuild b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Fine-tuning job " + id + " is running", b);
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(FoundryTestSupport.API_KEY))
                .build()) {
            client.cancel(id);
        }
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Fine-tuning job '" + id + "' is cancelled, not succeeded as waited for.", b);
        j.assertLogNotContains("[" + id + "] ", b);
        assertThat(
                "events: false reads no events",
                emulator.requests().stream()
                        .filter(r -> r.path().endsWith("/events"))
                        .count(),
                is(0L));
    }

    @Test
    void theDeadlineFailsTheBuildNamingTheLastStatus() throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        FreeStyleProject p = j.createFreeStyleProject();
        WaitForFineTuneStep wait = new WaitForFineTuneStep(id);
        wait.setTimeout(2);
        p.getBuildersList().add(new WaitForFineTuneBuilder(wait));
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains(
                "Timed out after 2 s waiting for fine-tuning job '" + id
                        + "' to be succeeded, failed or cancelled; its last status was 'running'.",
                b);
    }

    @Test
    void configurationRoundTrip() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        WaitForFineTuneStep step = new WaitForFineTuneStep("ftjob-abc");
        step.setUntil("paused, succeeded");
        step.setTimeout(7200);
        step.setEvents(false);
        step.setAllowUnknownStatus(true);
        step.setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
        WaitForFineTuneBuilder builder = new WaitForFineTuneBuilder(step);
        p.getBuildersList().add(builder);
        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(builder, p.getBuildersList().get(WaitForFineTuneBuilder.class));
    }
}
