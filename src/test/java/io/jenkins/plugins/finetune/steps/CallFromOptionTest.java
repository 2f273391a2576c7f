package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The {@code callFrom} option as users write it: its values, its errors, its forms. Calls really made from an agent
 * are tested on a real agent JVM in {@code agents.CallFromAgentTest}.
 */
@WithJenkins
class CallFromOptionTest extends FoundryTestSupport {

    @Test
    void anUnknownValueFailsTheStepNamingTheOption() throws Exception {
        WorkflowRun run = run("pauseFineTune(jobId: 'ftjob-abc', callFrom: 'moon')", Result.FAILURE);
        j.assertLogContains("callFrom: 'moon' is neither 'controller' nor 'agent'", run);
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void agentOutsideNodeFailsBeforeAnyRequest() throws Exception {
        WorkflowRun run = run("pauseFineTune(jobId: 'ftjob-abc', callFrom: 'agent')", Result.FAILURE);
        j.assertLogContains("callFrom: 'agent' needs the step to run on an agent", run);
        j.assertLogContains("node('label')", run);
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void aResourceCalledFromAgentsNeedsANodeAndSaysWhy() throws Exception {
        FoundryResource prod = new FoundryResource("prod");
        prod.setEndpoint(emulator.baseUrl());
        prod.setCredentialsId(CREDENTIALS_ID);
        prod.setCallFrom("agent");
        FoundryFineTuningConfiguration.get().setResources(List.of(prod));
        WorkflowRun run = run("fineTuneJob(resource: 'prod', jobId: 'ftjob-abc')", Result.FAILURE);
        j.assertLogContains("resource 'prod' is called from the build's agent (its callFrom)", run);
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void controllerStaysTheDefaultAndCanBeSaidExplicitly() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        run("echo pauseFineTune(jobId: '" + id + "', callFrom: 'controller').status", Result.SUCCESS);
        assertThat(emulator.job(id).status(), anyOf(is("pausing"), is("paused")));
    }

    @Test
    void snippetGeneratorWritesTheOption() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        PauseFineTuneStep pause = new PauseFineTuneStep("ftjob-abc");
        pause.setCallFrom("AGENT");
        st.assertRoundTrip(pause, "pauseFineTune callFrom: 'agent', jobId: 'ftjob-abc'");
        WithFoundryStep with = new WithFoundryStep();
        with.setCallFrom("agent");
        with.setResource("prod");
        st.assertRoundTrip(with, "withFoundry(callFrom: 'agent', resource: 'prod') {\n    // some block\n}");
    }

    @Test
    void freestyleFormKeepsTheOption() throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PauseFineTuneBuilder builder = new PauseFineTuneBuilder(new PauseFineTuneStep("ftjob-abc"));
        builder.getStep().setCallFrom("agent");
        p.getBuildersList().add(builder);
        j.configRoundtrip(p);
        PauseFineTuneBuilder saved = p.getBuildersList().get(PauseFineTuneBuilder.class);
        assertThat(saved.getStep().getCallFrom(), is("agent"));
        j.assertEqualDataBoundBeans(builder, saved);
    }

    @Test
    void resourceFormKeepsTheOption() throws Exception {
        FoundryResource prod = new FoundryResource("prod");
        prod.setEndpoint("https://prod.openai.azure.com");
        prod.setCallFrom("agent");
        FoundryFineTuningConfiguration.get().setResources(List.of(prod));
        j.configRoundtrip();
        assertThat(FoundryFineTuningConfiguration.get().getResource("prod").getCallFrom(), is("agent"));
    }
}
