package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import hudson.EnvVars;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.CaptureEnvironmentBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PauseFineTuneBuilderTest extends FoundryTestSupport {

    @Test
    void exportedVariablesCarryAzuresTextSanitized() throws Exception {
        String id = emulator.seedJob(JobSeed.running().model("gpt-4o\u001B[2J\u001B]0;owned\u0007\nFinished: SUCCESS"));
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep(id)));
        CaptureEnvironmentBuilder capture = new CaptureEnvironmentBuilder();
        p.getBuildersList().add(capture);

        j.buildAndAssertSuccess(p);

        assertThat(capture.getEnvVars().get("FINE_TUNE_MODEL"), is("gpt-4o\\u000aFinished: SUCCESS"));
    }

    @Test
    void pausesExpandedJobIdAndExportsEnvironmentVariables() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        j.jenkins
                .getGlobalNodeProperties()
                .add(new EnvironmentVariablesNodeProperty(new EnvironmentVariablesNodeProperty.Entry("FT_JOB", id)));
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep("${FT_JOB}")));
        CaptureEnvironmentBuilder capture = new CaptureEnvironmentBuilder();
        p.getBuildersList().add(capture);

        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Fine-tuning job " + id + ": running → ", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        EnvVars env = capture.getEnvVars();
        assertThat(env.get("FINE_TUNE_JOB_ID"), is(id));
        assertThat(env.get("FINE_TUNE_STATUS"), anyOf(is("pausing"), is("paused")));
        assertThat(env.get("FINE_TUNE_MODEL"), is(emulator.job(id).model()));
        assertThat(env.containsKey("FINE_TUNE_FINE_TUNED_MODEL"), is(true));
        assertThat(b.getAction(FineTuneJobsAction.class).getEntries(), hasSize(1));
    }

    @Test
    void unknownJobFailsTheBuildWith404() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep("ftjob-doesnotexist0000")));
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("404", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void emptyExpandedJobIdFails() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList()
                .add(new PauseFineTuneBuilder(new PauseFineTuneStep("${UNDEFINED_VARIABLE_EXPANDS_TO_ITSELF}")));
        FreeStyleBuild b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("jobId", b);
    }

    @Test
    void configurationRoundTrip() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTuneStep step = new PauseFineTuneStep("ftjob-abc");
        PauseFineTuneBuilder builder = new PauseFineTuneBuilder(step);
        step.setApiVersion("2025-04-01-preview");
        step.setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
        step.setEndpoint("https://my-resource.openai.azure.com");
        step.setWait(true);
        step.setTimeout(120);
        step.setFailIfNotRunning(false);
        p.getBuildersList().add(builder);
        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(builder, p.getBuildersList().get(PauseFineTuneBuilder.class));
    }
}
