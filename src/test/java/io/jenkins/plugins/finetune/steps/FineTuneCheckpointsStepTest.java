package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code fineTuneCheckpoints} against the emulator's trained jobs (seeded {@code succeeded}: their whole run). */
@WithJenkins
class FineTuneCheckpointsStepTest extends FoundryTestSupport {

    @Test
    void returnsEveryCheckpointOldestStepFirstWithItsMetrics() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded")
                .validationFile("file-val")
                .suffix("nightly")
                .totalSteps(100)
                .checkpointInterval(10));
        WorkflowRun b = run(
                "def c = fineTuneCheckpoints(jobId: '" + id + "')\n"
                        + "echo \"steps=${c.collect { it.step_number }}\"\n"
                        + "echo \"first=${c[0].fine_tuned_model_checkpoint} job=${c[0].fine_tuning_job_id}\"\n"
                        + "echo \"metrics=${c[0].metrics.keySet() as List}\"\n"
                        + "assert c.every { it.object == 'fine_tuning.job.checkpoint' && it.id.startsWith('ftckpt-') }\n"
                        + "assert c[9].metrics.valid_loss < c[0].metrics.valid_loss\n"
                        + "assert c[9].metrics.train_mean_token_accuracy > c[0].metrics.train_mean_token_accuracy\n"
                        + "def best = c.min { it.metrics.valid_loss }\n"
                        + "echo \"best=${best.step_number}\"\n",
                Result.SUCCESS);
        j.assertLogContains("steps=[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]", b);
        j.assertLogContains("first=gpt-4o-mini.ft-", b);
        j.assertLogContains("-nightly:ckpt-step-10 job=" + id, b);
        j.assertLogContains(
                "metrics=[step, train_loss, train_mean_token_accuracy, valid_loss, valid_mean_token_accuracy,"
                        + " full_valid_loss, full_valid_mean_token_accuracy]",
                b);
        j.assertLogContains("best=", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        assertThat(
                "reads only",
                emulator.requests().stream().map(RecordedRequest::method).toList(),
                everyItem(is("GET")));
    }

    @Test
    void pagesPastOnePage() throws Exception {
        String id =
                emulator.seedJob(JobSeed.withStatus("succeeded").totalSteps(250).checkpointInterval(1));
        WorkflowRun b = run(
                "def c = fineTuneCheckpoints(jobId: '" + id + "')\n"
                        + "echo \"count=${c.size()} first=${c[0].step_number} last=${c[-1].step_number}\"\n"
                        + "assert c.collect { it.step_number } == (1..250).toList()\n",
                Result.SUCCESS);
        j.assertLogContains("count=250 first=1 last=250", b);
        assertThat("pages of 100", checkpointListings(id).size(), is(3));
        assertThat(checkpointListings(id).get(1).queryParameter("after"), startsWith("ftckpt-"));
    }

    @Test
    void aJobWithMoreCheckpointsThanTheCapFailsSayingSo() throws Exception {
        String id = emulator.seedJob(JobSeed.withStatus("succeeded")
                .totalSteps(FineTuneCheckpointsStep.MAX_CHECKPOINTS + 1)
                .checkpointInterval(1));
        WorkflowRun b = run("fineTuneCheckpoints(jobId: '" + id + "')", Result.FAILURE);
        j.assertLogContains("Could not list all checkpoints of fine-tuning job '" + id + "'", b);
        j.assertLogContains("after 1000, the most one listing takes", b);
    }

    @Test
    void keepsFieldsItDoesNotKnowAndNeverObeysAzuresText() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        emulator.faults()
                .next(Fault.respond(
                                200,
                                Map.of("Content-Type", "application/json"),
                                "{\"object\":\"list\",\"has_more\":false,\"data\":["
                                        + checkpoint("ftckpt-b", 20, "\\u001b[2J<script>x</script>", 0.5)
                                        + "," + checkpoint("ftckpt-a", 10, "model:ckpt-step-10", 0.9) + "]}")
                        .onlyFor("GET", "/checkpoints"));
        WorkflowRun b = run(
                "def c = fineTuneCheckpoints(jobId: '" + id + "')\n"
                        + "echo \"ids=${c.collect { it.id }} note=${c[0].eval_note} custom=${c[1].metrics.custom_score}\"\n"
                        + "assert c[1].fine_tuned_model_checkpoint.contains('<script>')\n"
                        + "assert c[0].tags == [a: 'b']\n",
                Result.SUCCESS);
        j.assertLogContains("ids=[ftckpt-a, ftckpt-b] note=kept custom=0.25", b);
    }

    @Test
    void anInvalidJobIdIsRefusedNamingTheFieldBeforeAnyRequest() throws Exception {
        WorkflowRun b = run("fineTuneCheckpoints(jobId: '../../jobs')", Result.FAILURE);
        j.assertLogContains("fineTuneCheckpoints: jobId: '../../jobs' is not a fine-tuning job id", b);
        WorkflowRun blank = run("fineTuneCheckpoints(jobId: ' ')", Result.FAILURE);
        j.assertLogContains("fineTuneCheckpoints: jobId: is required", blank);
        j.assertLogNotContains("\tat ", blank); // no stack trace
        assertThat("nothing was sent", emulator.requestCount(), is(0));
    }

    @Test
    void anUnknownJobFailsWithAzures404() throws Exception {
        WorkflowRun b = run("fineTuneCheckpoints(jobId: 'ftjob-doesnotexist0000')", Result.FAILURE);
        j.assertLogContains("Could not list the checkpoints of fine-tuning job 'ftjob-doesnotexist0000'", b);
        j.assertLogContains("404", b);
    }

    @Test
    void snippetGeneratorProducesAWorkingLine() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertRoundTrip(new FineTuneCheckpointsStep("ftjob-abc"), "fineTuneCheckpoints 'ftjob-abc'");
        FineTuneCheckpointsStep withResource = new FineTuneCheckpointsStep("ftjob-abc");
        withResource.setResource("prod");
        withResource.setCallFrom("agent");
        st.assertRoundTrip(withResource, "fineTuneCheckpoints callFrom: 'agent', jobId: 'ftjob-abc', resource: 'prod'");
        SnippetizerTester.assertDocGeneration(FineTuneCheckpointsStep.class);
    }

    private List<RecordedRequest> checkpointListings(String id) {
        return emulator.requests().stream()
                .filter(r -> r.path().endsWith("/fine_tuning/jobs/" + id + "/checkpoints"))
                .toList();
    }

    /** A checkpoint as a hostile or newer server might send it: fields the plugin does not know, markup, escapes. */
    private static String checkpoint(String id, int step, String model, double validLoss) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job.checkpoint\",\"created_at\":1717200000,"
                + "\"fine_tuned_model_checkpoint\":\"" + model + "\",\"step_number\":" + step + ","
                + "\"fine_tuning_job_id\":\"ftjob-x\",\"eval_note\":\"kept\",\"tags\":{\"a\":\"b\"},"
                + "\"metrics\":{\"step\":" + step + ",\"train_loss\":1.0,\"valid_loss\":" + validLoss
                + ",\"custom_score\":0.25}}";
    }
}
