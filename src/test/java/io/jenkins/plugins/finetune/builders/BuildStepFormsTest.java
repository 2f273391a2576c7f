package io.jenkins.plugins.finetune.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import io.jenkins.plugins.finetune.steps.ResumeFineTunesStep;
import io.jenkins.plugins.finetune.steps.WaitForFineTuneStep;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Each freestyle build step holds the Pipeline step it stands for, so that step is the one home of its fields: the
 * freestyle form shows exactly the step's fields, with the step's help and the step's checks, and <i>Test
 * connection</i> sends the fields as typed; Job DSL (which builds a build step through structs'
 * {@link DescribableModel}, as tested here) writes the step's arguments in a {@code step} block.
 */
@WithJenkins
class BuildStepFormsTest extends FoundryTestSupport {

    private static final Pattern HELP = Pattern.compile("/descriptor/([\\w.$]+)/help(?:/(\\w+))?");

    @Test
    void eachFreestyleFormShowsTheStepsFieldsWithTheStepsHelpAndChecks() throws Exception {
        Map<FoundryBuilder, Class<?>> builders = Map.of(
                new PauseFineTuneBuilder(new PauseFineTuneStep("ftjob-abc")), PauseFineTuneStep.class,
                new PauseFineTuneJobsBuilder(new PauseFineTunesStep()), PauseFineTunesStep.class,
                new ResumeFineTuneJobsBuilder(new ResumeFineTunesStep()), ResumeFineTunesStep.class,
                new WaitForFineTuneBuilder(new WaitForFineTuneStep("ftjob-abc")), WaitForFineTuneStep.class);
        for (Map.Entry<FoundryBuilder, Class<?>> entry : builders.entrySet()) {
            String stepType = entry.getValue().getName();
            FreeStyleProject project = j.createFreeStyleProject();
            project.getBuildersList().add(entry.getKey());
            Set<String> stepFields = new TreeSet<>();
            for (DescribableParameter parameter : new DescribableModel<>(entry.getValue()).getParameters()) {
                stepFields.add(parameter.getName());
            }

            Set<String> helped = new TreeSet<>();
            List<String> elsewhere = new ArrayList<>();
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                HtmlPage page = wc.getPage(project, "configure");
                for (DomElement link : page.querySelectorAll("a.jenkins-help-button").stream()
                        .map(DomElement.class::cast)
                        .toList()) {
                    String url = link.getAttribute("helpURL");
                    Matcher m = HELP.matcher(url);
                    if (!m.find() || !m.group(1).startsWith("io.jenkins.plugins.finetune.")) {
                        continue; // Jenkins' own fields of the job
                    }
                    if (m.group(2) == null) {
                        // the build step's own help, beside its name
                        assertThat(m.group(1), is(entry.getKey().getClass().getName()));
                    } else if (m.group(1).equals(stepType)) {
                        helped.add(m.group(2));
                        WebResponse help = wc.goTo(url.substring(url.indexOf("/descriptor/") + 1), null)
                                .getWebResponse();
                        assertThat(url, help.getStatusCode(), is(200));
                        assertThat(url, help.getContentAsString().isBlank(), is(false));
                    } else {
                        elsewhere.add(url);
                    }
                }
                // the fields' checks are the step descriptor's too
                List<String> checks = page.querySelectorAll("[checkUrl]").stream()
                        .map(e -> ((DomElement) e).getAttribute("checkUrl"))
                        .filter(u -> u.contains("io.jenkins.plugins.finetune."))
                        .toList();
                assertThat(checks, not(empty()));
                for (String check : checks) {
                    assertThat(check, containsString("/descriptorByName/" + stepType + "/check"));
                }
            }
            assertThat(stepType + ": a (?) for every field", helped, is(stepFields));
            assertThat(stepType + ": help from elsewhere", elsewhere, empty());
        }
    }

    @Test
    void testConnectionSendsTheFieldsAsTyped() throws Exception {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort(); // nothing listens there once closed
        }
        allowUnconfiguredEndpoints(); // so that the typed endpoint is tried, not refused
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(new PauseFineTuneJobsBuilder(new PauseFineTunesStep()));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.getPage(project, "configure");
            List<HtmlButton> buttons = page.querySelectorAll("button.validate-button").stream()
                    .map(HtmlButton.class::cast)
                    .filter(b -> "testConnection".equals(b.getAttribute("data-validate-button-method")))
                    .toList();
            assertThat(buttons, hasSize(1));
            HtmlButton button = buttons.get(0);
            assertThat(
                    button.getAttribute("data-validate-button-descriptor-url"),
                    endsWith("/" + PauseFineTuneJobsBuilder.class.getName()));

            assertThat(click(button), containsString("Connected to " + emulator.baseUrl()));

            List<HtmlInput> endpoints = page.querySelectorAll("input[name='_.endpoint']").stream()
                    .map(HtmlInput.class::cast)
                    .toList();
            assertThat(endpoints, hasSize(1));
            endpoints.get(0).setValue(closed);
            assertThat(
                    click(button),
                    allOf(containsString("Could not reach " + closed), not(containsString("Connected"))));
        }
    }

    /** How Job DSL's dynamic DSL reads and writes a build step: the step's arguments in a {@code step} block. */
    @Test
    void jobDslWritesTheStepsArgumentsInAStepBlock() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        DescribableModel<PauseFineTuneBuilder> single = new DescribableModel<>(PauseFineTuneBuilder.class);
        PauseFineTuneBuilder pause =
                single.instantiate(Map.of("step", Map.of("jobId", id, "failIfNotRunning", false, "timeout", 60)));
        assertThat(pause.getStep().getJobId(), is(id));
        assertThat(pause.getStep().isFailIfNotRunning(), is(false));
        assertThat(pause.getStep().getTimeout(), is(60));
        UninstantiatedDescribable written = single.uninstantiate2(pause);
        assertThat(written.getArguments().keySet(), is(Set.of("step")));
        assertThat(
                ((UninstantiatedDescribable) written.getArguments().get("step")).getArguments(),
                is(Map.of("jobId", id, "failIfNotRunning", false, "timeout", 60)));
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(pause);
        FreeStyleBuild b = j.buildAndAssertSuccess(project);
        j.assertLogContains("Fine-tuning job " + id + ": running → ", b);

        // the bulk step's Groovy forms (a list of statuses, a metadata map) are accepted there as in a Pipeline
        PauseFineTuneJobsBuilder bulk = new DescribableModel<>(PauseFineTuneJobsBuilder.class)
                .instantiate(Map.of(
                        "step",
                        Map.of(
                                "status", List.of("running", "queued"),
                                "metadata", Map.of("pause_at_night", "true"),
                                "dryRun", true)));
        assertThat(bulk.getStep(), instanceOf(PauseFineTunesStep.class));
        assertThat(bulk.getStep().getStatus(), is("running, queued"));
        assertThat(bulk.getStep().getMetadata(), is("pause_at_night=true"));

        // no block at all: a build step with no job id, which says so when it runs
        PauseFineTuneBuilder empty = single.instantiate(Map.of());
        FreeStyleProject blank = j.createFreeStyleProject();
        blank.getBuildersList().add(empty);
        j.assertLogContains("jobId: is required", j.buildAndAssertStatus(Result.FAILURE, blank));
    }

    /** Clicks a Test connection button and returns what it shows once the answer came. */
    private static String click(HtmlButton button) throws Exception {
        HtmlElement status =
                (HtmlElement) button.getParentNode().querySelector(".jenkins-validate-button__container__status");
        status.setTextContent("");
        button.click();
        for (int i = 0; i < 200 && status.getTextContent().isBlank(); i++) {
            button.getPage().getEnclosingWindow().getJobManager().waitForJobs(100);
        }
        return status.getTextContent();
    }
}
