package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.agents.RealAgents;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Runs the scripted and the declarative Pipeline of docs/evaluate-checkpoints.md as written (sandboxed), on a real
 * agent labelled {@code eval}, against a job the emulator trains fast; only the user's own {@code ./evaluate.sh} is
 * replaced by a command that passes or fails.
 */
@WithJenkins
class EvaluateCheckpointsDocTest extends FoundryTestSupport {

    private static final Path DOC = Path.of("docs", "evaluate-checkpoints.md");
    private static final Pattern GROOVY_BLOCK = Pattern.compile("```groovy\\r?\\n(.*?)```", Pattern.DOTALL);
    private static final String EVALUATE = "'./evaluate.sh \"$CHECKPOINT_MODEL\"'";

    private String jobId;

    @BeforeEach
    void aJobTrainingFastOnResourceProd() throws Exception {
        emulator.close();
        emulator = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(Duration.ofMillis(300))
                .stepDuration(Duration.ofMillis(20))
                .build()
                .start();
        FoundryResource prod = new FoundryResource("prod");
        prod.setEndpoint(emulator.baseUrl());
        prod.setCredentialsId(CREDENTIALS_ID);
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setResources(List.of(prod));
        jobId = emulator.seedJob(
                JobSeed.running().validationFile("file-val").totalSteps(100_000).checkpointInterval(25));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (emulator.job(jobId).trainedSteps() < 60 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        RealAgents.assumeAgentsCanConnect();
        RealAgents.agent(j, "eval").startOnline();
    }

    @Test
    void theScriptedRecipeCancelsAJobWhoseBestCheckpointPasses() throws Exception {
        String script = blocks().get(0);
        assertThat(script, startsWith("// Triggered when the quota window opens"));
        WorkflowRun b =
                build(script.replace(EVALUATE, "'case \"$CHECKPOINT_MODEL\" in *:ckpt-step-*) exit 0;; esac; exit 1'"));
        j.assertLogContains("best: gpt-4o-mini.ft-", b);
        j.assertLogContains("kept gpt-4o-mini.ft-", b);
        assertThat(emulator.job(jobId).status(), is("cancelled"));
        FineTuneTrainingAction chart = b.getAction(FineTuneTrainingAction.class);
        assertThat(chart.getJobs(), hasSize(1));
        assertThat(chart.getJobs().get(0).getPoints().size(), greaterThan(1));
        j.assertLogContains("best: " + chart.getJobs().get(0).getBest().getCheckpoint(), b);
        j.assertLogNotContains(API_KEY, b);
    }

    @Test
    void theDeclarativeRecipeResumesAJobWhoseBestCheckpointFails() throws Exception {
        String jenkinsfile = blocks().get(1);
        assertThat(jenkinsfile, startsWith("pipeline {"));
        WorkflowRun b = build(jenkinsfile.replace(EVALUATE, "'exit 1'"));
        j.assertLogContains("Fine-tuning job " + jobId + ": paused → ", b);
        assertThat(emulator.job(jobId).status(), anyOf(is("running"), is("resuming")));
        assertThat(b.getAction(FineTuneTrainingAction.class).getJobs(), hasSize(1));
    }

    private WorkflowRun build(String script) throws Exception {
        assertThat("the doc's evaluation command was replaced", script, not(EVALUATE));
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.addProperty(new ParametersDefinitionProperty(
                new StringParameterDefinition("JOB_ID", ""), new StringParameterDefinition("WINDOW_HOURS", "0")));
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatusSuccess(p.scheduleBuild2(
                0,
                new ParametersAction(
                        new StringParameterValue("JOB_ID", jobId), new StringParameterValue("WINDOW_HOURS", "0"))));
    }

    private static org.hamcrest.Matcher<String> not(String text) {
        return org.hamcrest.Matchers.not(containsString(text));
    }

    /** The page's fenced Groovy blocks, in page order. */
    private static List<String> blocks() throws Exception {
        List<String> out = new ArrayList<>();
        Matcher matcher = GROOVY_BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (matcher.find()) {
            out.add(matcher.group(1));
        }
        return out;
    }
}
