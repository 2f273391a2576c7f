package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A Pipeline meets only the durable steps: the freestyle build steps refuse to run in one and name the step to use
 * (their symbols serve Job DSL and JCasC), while freestyle jobs keep using them.
 */
@WithJenkins
class OnePipelinePathTest extends FoundryTestSupport {

    @Test
    void inAPipelineTheBuildStepsRefuseAndNameTheDurableStep() throws Exception {
        String[][] calls = {
            {"pauseFineTuneJob(jobId: 'ftjob-abc')", "pauseFineTune"},
            {"pauseFineTuneJobs(all: true)", "pauseFineTunes"},
            {"resumeFineTuneJobs(all: true)", "resumeFineTunes"},
            {"step([$class: 'PauseFineTuneBuilder', jobId: 'ftjob-abc'])", "pauseFineTune"}
        };
        for (String[] call : calls) {
            WorkflowJob p = j.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(call[0], true));
            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
            j.assertLogContains("is a freestyle build step. In a Pipeline use " + call[1] + ", which survives", b);
            assertThat(call[0], b.getAction(FineTuneJobsAction.class), is((FineTuneJobsAction) null));
        }
        assertThat("nothing was sent", emulator.requestCount(), is(0));
    }

    @Test
    void freestyleJobsStillUseThem() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(id));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("Fine-tuning job " + id + ": running → ", b);
    }
}
