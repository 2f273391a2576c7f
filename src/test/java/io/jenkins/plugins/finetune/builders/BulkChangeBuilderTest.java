package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import io.jenkins.plugins.finetune.steps.ResumeFineTunesStep;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class BulkChangeBuilderTest extends FoundryTestSupport {

    private List<String> tagged;
    private String untagged;

    @BeforeEach
    void seedJobs() {
        tagged = seedTaggedRunningJobs(3);
        untagged = emulator.seedJob(JobSeed.running());
    }

    @Test
    void pausesTaggedJobsAndListsThemOnTheBuildPage() throws Exception {
        j.jenkins
                .getGlobalNodeProperties()
                .add(new EnvironmentVariablesNodeProperty(new EnvironmentVariablesNodeProperty.Entry("TAG", "true")));
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTunesStep step = new PauseFineTunesStep();
        PauseFineTuneJobsBuilder builder = new PauseFineTuneJobsBuilder(step);
        step.setMetadata("pause_at_night=${TAG}");
        p.getBuildersList().add(builder);

        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Bulk pause: paused 3, already paused 0, skipped 0, failed 0", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        for (String id : tagged) {
            assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));
        }
        assertThat(emulator.job(untagged).status(), is("running"));
        assertThat(
                b.getAction(FineTuneJobsAction.class).getEntries().stream()
                        .map(FineTuneJobsAction.Entry::getJobId)
                        .toList(),
                containsInAnyOrder(tagged.toArray()));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String page = wc.getPage(b, "fine-tuning-jobs").getWebResponse().getContentAsString();
            for (String id : tagged) {
                assertThat(page, containsString(id));
            }
            // Not waited on: Azure accepted the pauses and the jobs are pausing, as the page and its counts say.
            assertThat(page, containsString("3 jobs (pause requested: 3)"));
        }
    }

    @Test
    void resumeBuilderResumesPausedTaggedJobs() throws Exception {
        String paused = emulator.seedJob(JobSeed.withStatus("paused").metadata("pause_at_night", "true"));
        FreeStyleProject p = j.createFreeStyleProject();
        ResumeFineTunesStep step = new ResumeFineTunesStep();
        ResumeFineTuneJobsBuilder builder = new ResumeFineTuneJobsBuilder(step);
        step.setMetadata("pause_at_night=true");
        p.getBuildersList().add(builder);
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("Bulk resume: resumed 1, already resumed 0, skipped 0, failed 0", b);
        assertThat(emulator.job(paused).status(), anyOf(is("resuming"), is("running")));
    }

    @Test
    void aFailedJobFailsTheBuildUnlessFailOnErrorIsOff() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTunesStep step = new PauseFineTunesStep();
        PauseFineTuneJobsBuilder builder = new PauseFineTuneJobsBuilder(step);
        step.setJobIds(tagged.get(0) + ", " + tagged.get(1));
        p.getBuildersList().add(builder);
        emulator.faults().next(Fault.status(403).onlyFor("POST", tagged.get(1) + "/pause"));
        FreeStyleBuild failed = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("Bulk pause failed: paused 1, already paused 0, skipped 0, failed 1", failed);

        step.setFailOnError(false);
        emulator.faults().next(Fault.status(403).onlyFor("POST", tagged.get(2) + "/pause"));
        step.setJobIds(tagged.get(2));
        j.buildAndAssertSuccess(p);
    }

    @Test
    void dryRunSendsNoPost() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTunesStep step = new PauseFineTunesStep();
        PauseFineTuneJobsBuilder builder = new PauseFineTuneJobsBuilder(step);
        step.setMetadata("pause_at_night=true");
        step.setDryRun(true);
        p.getBuildersList().add(builder);
        emulator.clearRequests();
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("would pause 3", b);
        assertThat(emulator.requests().stream().allMatch(r -> r.method().equals("GET")), is(true));
    }

    @Test
    void configurationRoundTrip() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTunesStep step = new PauseFineTunesStep();
        PauseFineTuneJobsBuilder builder = new PauseFineTuneJobsBuilder(step);
        step.setStatus("running, queued");
        step.setSuffixRegex("nightly-\\d+");
        step.setModel("gpt-4o-mini");
        step.setMetadata("pause_at_night=true\nteam=ml");
        step.setDryRun(true);
        step.setWait(true);
        step.setTimeout(120);
        step.setConcurrency(4);
        step.setFailOnError(false);
        step.setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
        step.setEndpoint("https://my-resource.openai.azure.com");
        step.setApiVersion("v1");
        p.getBuildersList().add(builder);
        j.configRoundtrip(p);
        j.assertEqualDataBoundBeans(builder, p.getBuildersList().get(PauseFineTuneJobsBuilder.class));

        FreeStyleProject q = j.createFreeStyleProject();
        ResumeFineTunesStep resumeStep = new ResumeFineTunesStep();
        ResumeFineTuneJobsBuilder resume = new ResumeFineTuneJobsBuilder(resumeStep);
        resumeStep.setJobIds("ftjob-a ftjob-b");
        q.getBuildersList().add(resume);
        j.configRoundtrip(q);
        j.assertEqualDataBoundBeans(resume, q.getBuildersList().get(ResumeFineTuneJobsBuilder.class));
    }
}
