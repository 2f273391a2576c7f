package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code fineTuneJob}, {@code fineTuneJobs}, {@code resumeFineTune}, {@code cancelFineTune}. */
@WithJenkins
class JobStepsTest extends FoundryTestSupport {

    @Test
    void fineTuneJobReadsOneJob() throws Exception {
        String id = emulator.seedJob(JobSeed.running().suffix("nightly-1").metadata("team", "ml"));
        WorkflowRun b = run(
                "def job = fineTuneJob(jobId: '" + id + "')\n"
                        + "echo \"id=${job.id} status=${job.status} team=${job.metadata.team} epochs=${job.hyperparameters.n_epochs}\"\n",
                Result.SUCCESS);
        j.assertLogContains("id=" + id + " status=running team=ml epochs=auto", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        assertThat(emulator.job(id).status(), is("running"));
        assertThat(b.getAction(FineTuneJobsAction.class), nullValue());
    }

    @Test
    void fineTuneJobOfAnUnknownJobFailsWith404() throws Exception {
        WorkflowRun b = run("fineTuneJob(jobId: 'ftjob-doesnotexist0000')", Result.FAILURE);
        j.assertLogContains("Could not read fine-tuning job 'ftjob-doesnotexist0000'", b);
        j.assertLogContains("404", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void fineTuneJobsSelectsAndLimits() throws Exception {
        for (int i = 0; i < 4; i++) {
            emulator.seedJob(JobSeed.running().suffix("nightly-" + i).metadata("pause_at_night", "true"));
        }
        emulator.seedJob(JobSeed.withStatus("paused").suffix("nightly-p").metadata("pause_at_night", "true"));
        emulator.seedJob(JobSeed.running().suffix("other"));
        WorkflowRun b = run(
                "def all = fineTuneJobs(metadata: [pause_at_night: 'true'])\n"
                        + "def running = fineTuneJobs(status: 'running', suffix: 'nightly-', limit: 2)\n"
                        + "def both = fineTuneJobs(status: ['running', 'paused'], metadata: [pause_at_night: true])\n"
                        + "echo \"all=${all.size()} running=${running.size()} both=${both.size()}\"\n"
                        + "assert running.every { it.status == 'running' && it.object == 'fine_tuning.job' }\n",
                Result.SUCCESS);
        j.assertLogContains("all=5 running=2 both=5", b);
        assertThat(
                emulator.requests().stream()
                        .filter(r -> !r.method().equals("GET"))
                        .toList(),
                hasSize(0));
    }

    @Test
    void fineTuneJobsKeepsOnlyTheFieldsAskedFor() throws Exception {
        emulator.seedJob(JobSeed.running().suffix("nightly-0").model("gpt-4.1-mini"));
        WorkflowRun b = run(
                "def jobs = fineTuneJobs(status: 'running', fields: ['id', 'status', 'no_such_field'])\n"
                        + "assert jobs.size() == 1\n"
                        + "assert jobs[0].keySet() as List == ['id', 'status', 'no_such_field']\n"
                        + "assert jobs[0].status == 'running' && jobs[0].no_such_field == null\n"
                        + "echo \"fields=${jobs[0].keySet()}\"\n"
                        + "def full = fineTuneJobs(status: 'running', fields: '')\n"
                        + "assert full[0].model == 'gpt-4.1-mini'\n",
                Result.SUCCESS);
        j.assertLogContains("fields=[id, status, no_such_field]", b);
    }

    @Test
    void resumeFineTuneResumesAPausedJob() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("paused"));
        WorkflowRun b = run(
                "def job = resumeFineTune(jobId: '" + id + "')\n" + "echo \"status=${job.status}\"\n", Result.SUCCESS);
        j.assertLogContains("Fine-tuning job " + id + ": paused → ", b);
        assertThat(emulator.job(id).status(), anyOf(is("resuming"), is("running")));
        assertThat(b.getAction(FineTuneJobsAction.class).getEntries().get(0).getOutcome(), is("resumed"));
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
    }

    @Test
    void resumeFineTuneOfARunningJobFailsUnlessToldOtherwise() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun failed = run("resumeFineTune(jobId: '" + id + "')", Result.FAILURE);
        j.assertLogContains("Could not resume fine-tuning job '" + id + "'", failed);
        WorkflowRun ok = run(
                "def job = resumeFineTune(jobId: '" + id + "', failIfNotPaused: false)\n"
                        + "echo \"status=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("status=running", ok);
    }

    @Test
    void resumeFineTuneOfAnUnknownJobFailsWith404() throws Exception {
        WorkflowRun b = run("resumeFineTune(jobId: 'ftjob-doesnotexist0000')", Result.FAILURE);
        j.assertLogContains("404", b);
    }

    @Test
    void cancelFineTuneCancelsARunningJob() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run(
                "def job = cancelFineTune(jobId: '" + id + "', wait: true, timeout: 60)\n"
                        + "echo \"status=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("status=cancelled", b);
        assertThat(emulator.job(id).status(), is("cancelled"));
        assertThat(b.getAction(FineTuneJobsAction.class).getEntries().get(0).getChange(), is("cancel"));
    }

    @Test
    void cancelFineTuneOfAFinishedJob() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded"));
        run("cancelFineTune(jobId: '" + id + "')", Result.FAILURE);
        WorkflowRun ok = run(
                "def job = cancelFineTune(jobId: '" + id + "', failIfNotCancellable: false)\n"
                        + "echo \"status=${job.status}\"\n",
                Result.SUCCESS);
        j.assertLogContains("status=succeeded", ok);
    }

    @Test
    void snippetGeneratorProducesWorkingLines() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertRoundTrip(new FineTuneJobStep("ftjob-abc"), "fineTuneJob 'ftjob-abc'");
        st.assertRoundTrip(new ResumeFineTuneStep("ftjob-abc"), "resumeFineTune 'ftjob-abc'");
        CancelFineTuneStep cancel = new CancelFineTuneStep("ftjob-abc");
        cancel.setFailIfNotCancellable(false);
        cancel.setCredentialsId("foundry-key");
        st.assertRoundTrip(
                cancel, "cancelFineTune credentialsId: 'foundry-key', failIfNotCancellable: false, jobId: 'ftjob-abc'");
        SnippetizerTester.assertDocGeneration(ResumeFineTuneStep.class);
        SnippetizerTester.assertDocGeneration(CancelFineTuneStep.class);
        SnippetizerTester.assertDocGeneration(FineTuneJobStep.class);
    }
}
