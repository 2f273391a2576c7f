package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Plain http reaches only loopback hosts, and only when Jenkins runs with
 * {@code -Dio.jenkins.plugins.finetune.allowLoopbackHttp=true} (as every other test here does for the emulator).
 */
@WithJenkins
class PlainHttpTest extends FoundryTestSupport {

    @Test
    void plainHttpIsRefusedWithoutTheSystemProperty() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        allowLoopbackHttp(false);

        WorkflowRun b = run("pauseFineTune(jobId: '" + id + "')", Result.FAILURE);

        j.assertLogContains("plain http to 127.0.0.1 is refused", b);
        j.assertLogContains("-Dio.jenkins.plugins.finetune.allowLoopbackHttp=true", b);
        assertThat(emulator.requestCount(), is(0));
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void theEndpointFieldSaysWhyHttpIsRefused() throws Exception {
        PauseFineTuneStep.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(PauseFineTuneStep.DescriptorImpl.class);
        allowLoopbackHttp(false);
        FormValidation refused = descriptor.doCheckEndpoint(null, emulator.baseUrl(), null);
        assertThat(refused.kind, is(FormValidation.Kind.ERROR));
        assertThat(refused.getMessage(), containsString("sends keys and tokens over https only"));

        allowLoopbackHttp(true);
        assertThat(descriptor.doCheckEndpoint(null, emulator.baseUrl(), null).kind, is(FormValidation.Kind.OK));
        assertThat(
                descriptor.doCheckEndpoint(null, "http://example.com", null).getMessage(),
                containsString("only allowed for loopback hosts"));
    }
}
