package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.tasks.Builder;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.jenkinsci.plugins.structs.SymbolLookup;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A Pipeline meets only the durable steps: the freestyle build steps are no {@code SimpleBuildStep} and have no
 * symbol, so neither the Snippet Generator nor a function name offers them there (a symbol would make
 * {@code pauseFineTuneJob(…)} a value that silently does nothing), while freestyle jobs keep using them. Job DSL's
 * dynamic DSL names a build step without a symbol by its uncapitalized class name ({@code pauseFineTuneBuilder}).
 */
@WithJenkins
class OnePipelinePathTest extends FoundryTestSupport {

    /** The names Job DSL gives them, and the symbols they had before they left Pipeline. */
    private static final Map<Class<? extends Builder>, List<String>> BUILDERS = Map.of(
            PauseFineTuneBuilder.class, List.of("pauseFineTuneBuilder", "pauseFineTuneJob"),
            PauseFineTuneJobsBuilder.class, List.of("pauseFineTuneJobsBuilder", "pauseFineTuneJobs"),
            ResumeFineTuneJobsBuilder.class, List.of("resumeFineTuneJobsBuilder", "resumeFineTuneJobs"));

    @Test
    void aPipelineCannotCallTheBuildStepsByTheirSymbolsOrThroughStep() throws Exception {
        List<String> calls = List.of(
                "pauseFineTuneJob(jobId: 'ftjob-abc')",
                "pauseFineTuneJobs(all: true)",
                "resumeFineTuneJobs(all: true)",
                "step([$class: 'PauseFineTuneBuilder', jobId: 'ftjob-abc'])");
        for (String call : calls) {
            WorkflowJob p = j.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(call, true));
            WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
            if (!call.startsWith("step(")) {
                j.assertLogContains("No such DSL method '" + call.substring(0, call.indexOf('(')) + "'", b);
            }
            assertThat(call, b.getAction(FineTuneJobsAction.class), is((FineTuneJobsAction) null));
        }
        assertThat("nothing was sent", emulator.requestCount(), is(0));
    }

    @Test
    void theSnippetGeneratorListsEachOperationOnceAndNoNameReachesTheBuildSteps() throws Exception {
        WorkflowJob pipeline = j.createProject(WorkflowJob.class, "pipeline");
        List<String> offered = new ArrayList<>();
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.getPage(pipeline, "pipeline-syntax");
            for (HtmlElement select : page.getDocumentElement().getElementsByTagName("select")) {
                for (HtmlOption option : ((HtmlSelect) select).getOptions()) {
                    offered.add(option.getText());
                }
            }
        }
        for (Map.Entry<Class<? extends Builder>, List<String>> builder : BUILDERS.entrySet()) {
            Descriptor<?> descriptor = j.jenkins.getDescriptorOrDie(builder.getKey());
            for (String name : builder.getValue()) {
                assertThat(offered, not(hasItem(containsString(name + ":"))));
                assertThat(name, SymbolLookup.get().findDescriptor(Describable.class, name), is((Descriptor<?>) null));
            }
            // a freestyle job's Add build step lists it
            assertThat(Builder.all().contains(descriptor), is(true));
            assertThat(
                    builder.getValue().get(0),
                    Character.toLowerCase(builder.getKey().getSimpleName().charAt(0))
                            + builder.getKey().getSimpleName().substring(1),
                    is(builder.getValue().get(0)));
        }
        assertThat(offered, hasItem(containsString("pauseFineTune:")));
        assertThat(offered, hasItem(containsString("pauseFineTunes:")));
    }

    @Test
    void freestyleJobsStillUseThem() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        FreeStyleProject p = j.createFreeStyleProject();
        p.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep(id)));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        j.assertLogContains("Fine-tuning job " + id + ": running → ", b);
    }
}
