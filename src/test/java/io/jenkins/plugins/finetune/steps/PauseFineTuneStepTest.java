package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PauseFineTuneStepTest extends FoundryTestSupport {

    @Test
    void pausesJobAndReturnsTheJobAsAMap() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run(
                "def job = pauseFineTune(jobId: '" + id + "', apiVersion: 'v1')\n"
                        + "echo \"id=${job.id} status=${job.status} epochs=${job.hyperparameters.n_epochs}\"\n"
                        + "assert job.status == 'pausing' || job.status == 'paused'\n"
                        + "assert job.object == 'fine_tuning.job'\n",
                Result.SUCCESS);
        j.assertLogContains("id=" + id + " status=", b);
        j.assertLogContains("epochs=auto", b);
        j.assertLogContains("Fine-tuning job " + id + ": running → ", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));

        FineTuneJobsAction action = b.getAction(FineTuneJobsAction.class);
        assertThat(action, notNullValue());
        assertThat(action.getEntries(), hasSize(1));
        assertThat(action.getEntries().get(0).getJobId(), is(id));
        assertThat(action.getEntries().get(0).getChange(), is("pause"));
        assertThat(action.getEntries().get(0).getPreviousStatus(), is("running"));
    }

    @Test
    void waitsUntilPaused() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run(
                "def job = pauseFineTune(jobId: '" + id + "', wait: true, timeout: 60)\n"
                        + "echo \"final=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("final=paused", b);
        assertThat(emulator.job(id).status(), is("paused"));
    }

    @Test
    void alreadyPausedJobFailsByDefault() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("paused"));
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "')", Result.FAILURE);
        j.assertLogContains("Could not pause fine-tuning job '" + id + "'", b);
        j.assertLogContains("paused", b);
    }

    @Test
    void alreadyPausedJobIsReturnedWhenNotRequiredToBeRunning() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("paused"));
        WorkflowRun b = run(
                "def job = pauseFineTune(jobId: '" + id + "', failIfNotRunning: false)\n"
                        + "echo \"status=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("status=paused", b);
        j.assertLogContains("already paused", b);
    }

    @Test
    void stepArgumentsOverrideTheGlobalDefaults() throws Exception {
        FoundryTestSupport.addApiKey("other-key", FoundryTestSupport.API_KEY);
        FoundryFineTuningConfiguration.get().setEndpoint(null);
        FoundryFineTuningConfiguration.get().setCredentialsId(null);
        FoundryTestSupport.allowUnconfiguredEndpoints(); // no default endpoint left to match
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run(
                "def job = pauseFineTune(jobId: '" + id + "', endpoint: '" + emulator.baseUrl()
                        + "', credentialsId: 'other-key')\n"
                        + "echo \"status=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("status=", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void missingCredentialsFailWithTheirId() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "', credentialsId: 'no-such-credentials')", Result.FAILURE);
        j.assertLogContains("Cannot find credentials with id 'no-such-credentials'", b);
        // the kinds as a list a reader can take apart (a kind's own name may hold an "or")
        j.assertLogContains("Add credentials with that id, of one of these kinds: ", b);
        j.assertLogContains("Secret text (API key); ", b);
        j.assertLogContains("; Agent VM identity for Foundry fine-tuning", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void credentialsOfAnUnsupportedKindFail() throws Exception {
        FoundryTestSupport.addCredentials(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "user-pass", "not usable", "someone", "a-password-not-to-log"));
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "', credentialsId: 'user-pass')", Result.FAILURE);
        j.assertLogContains("Credentials 'user-pass'", b);
        j.assertLogContains("cannot be used", b);
        j.assertLogNotContains("a-password-not-to-log", b);
    }

    @Test
    void wrongApiKeyFailsWith401AndIsNotLogged() throws Exception {
        String wrongKey = "wrong-key-7d1e0c55aa";
        FoundryTestSupport.addApiKey("wrong-key", wrongKey);
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "', credentialsId: 'wrong-key')", Result.FAILURE);
        j.assertLogContains("401", b);
        j.assertLogNotContains(wrongKey, b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void unknownJobFailsWith404() throws Exception {
        WorkflowRun b = run("pauseFineTune(jobId: 'ftjob-doesnotexist0000')", Result.FAILURE);
        j.assertLogContains("404", b);
        j.assertLogContains("ftjob-doesnotexist0000", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void invalidApiVersionFailsNamingTheField() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "', apiVersion: 'v0-bogus')", Result.FAILURE);
        j.assertLogContains("apiVersion", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void noEndpointAnywhereFailsWithAHint() throws Exception {
        FoundryFineTuningConfiguration.get().setEndpoint(null);
        WorkflowRun b = run("pauseFineTune(jobId: 'ftjob-abc')", Result.FAILURE);
        j.assertLogContains("No endpoint", b);
    }

    @Test
    void parallelBranchesAllRecordTheirJobs() throws Exception {
        java.util.List<String> ids = emulator.seedRunningJobs(2);
        WorkflowRun b = run(
                "parallel a: { pauseFineTune(jobId: '" + ids.get(0) + "') }, b: { pauseFineTune(jobId: '" + ids.get(1)
                        + "') }",
                Result.SUCCESS);
        assertThat(b.getAction(FineTuneJobsAction.class).getEntries(), hasSize(2));
    }

    @Test
    void snippetGeneratorProducesAWorkingLine() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertRoundTrip(new PauseFineTuneStep("ftjob-abc"), "pauseFineTune 'ftjob-abc'");
        PauseFineTuneStep step = new PauseFineTuneStep("ftjob-abc");
        step.setApiVersion("v1");
        step.setWait(true);
        step.setFailIfNotRunning(false);
        st.assertRoundTrip(
                step, "pauseFineTune apiVersion: 'v1', failIfNotRunning: false, jobId: 'ftjob-abc', wait: true");
    }

    @Test
    void jobListOnTheBuildPage() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "')", Result.SUCCESS);
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String page = wc.getPage(b, "fine-tuning-jobs").getWebResponse().getContentAsString();
            assertThat(page, containsString(id));
            String summary = wc.getPage(b).asNormalizedText();
            // Azure accepted the pause and the job is pausing: the main page says so, as the job list does.
            assertThat(summary, containsString("Fine-tuning jobs: 1 job (pause requested: 1)"));
        }
        assertThat(
                b.getAction(FineTuneJobsAction.class).getEntries().stream()
                        .map(FineTuneJobsAction.Entry::getJobId)
                        .toList(),
                contains(id));
    }
}
