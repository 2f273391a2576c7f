package io.jenkins.plugins.finetune.steps;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A dated api-version the client does not know to serve fine-tuning is sent anyway, with a warning in the log. */
@WithJenkins
class ApiVersionWarningTest extends FoundryTestSupport {

    @Test
    void anUnknownDatedVersionIsSentWithAWarning() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("fineTuneJob(jobId: '" + id + "', apiVersion: '2024-10-21')", Result.SUCCESS);
        j.assertLogContains(
                "Azure AI Foundry: warning: api-version 2024-10-21 is not one this client knows to serve", b);
    }

    @Test
    void aKnownVersionGivesNoWarning() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run("fineTuneJob(jobId: '" + id + "', apiVersion: 'preview')", Result.SUCCESS);
        j.assertLogNotContains("warning: api-version", b);
    }
}
