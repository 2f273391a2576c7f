package io.jenkins.plugins.finetune.forms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.builders.PauseFineTuneJobsBuilder;
import io.jenkins.plugins.finetune.builders.ResumeFineTuneJobsBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import io.jenkins.plugins.finetune.steps.ResumeFineTunesStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every {@code ${%…}} label of every configuration view renders its full text on the pages a user sees: the
 * global configuration, a freestyle job's configuration with each build step, and the Snippet Generator with
 * each step selected. Jelly reads {@code ${%Label (text)}} as a localization key with arguments and drops the
 * text in parentheses, so a label written that way fails here.
 */
@WithJenkins
class FormLabelsTest extends FoundryTestSupport {

    private static final Path VIEWS = Path.of("src", "main", "resources");
    private static final Pattern LABEL = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    void everyConfigurationLabelRendersInFull() throws Exception {
        Set<String> labels = configurationLabels();
        assertThat("labels found under " + VIEWS, labels.size(), greaterThan(20));

        FoundryResource resource = new FoundryResource("dev");
        resource.setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
        StringBuilder rendered = new StringBuilder();
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            rendered.append(wc.goTo("manage/configure").asXml());
            rendered.append(wc.getPage(j.jenkins.createProject(Folder.class, "folder"), "configure")
                    .asXml());

            FreeStyleProject freestyle = j.createFreeStyleProject("freestyle");
            freestyle.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep("ftjob-abc")));
            freestyle.getBuildersList().add(new PauseFineTuneJobsBuilder(new PauseFineTunesStep()));
            freestyle.getBuildersList().add(new ResumeFineTuneJobsBuilder(new ResumeFineTunesStep()));
            rendered.append(wc.getPage(freestyle, "configure").asXml());

            // The "Add credentials" dialog of the agent's managed identity, as the credentials page opens it into
            // itself: on its own the fragment's scripts miss the page's, which does not matter for its labels.
            wc.getOptions().setThrowExceptionOnScriptError(false);
            rendered.append(wc.goTo("credentials/store/system/domain/_/dialog2?kind="
                            + io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials.class.getName())
                    .asXml());
            wc.getOptions().setThrowExceptionOnScriptError(true);

            WorkflowJob pipeline = j.createProject(WorkflowJob.class, "pipeline");
            rendered.append(snippetGeneratorForms(wc, pipeline));
        }

        List<String> missing = new ArrayList<>();
        String page = rendered.toString();
        for (String label : labels) {
            if (!page.contains(label)) {
                missing.add(label);
            }
        }
        assertThat("labels not rendered in full: " + missing, missing, empty());
    }

    /** The Snippet Generator renders a step's form only when it is picked: pick each of ours in turn. */
    private static String snippetGeneratorForms(JenkinsRule.WebClient wc, WorkflowJob pipeline) throws Exception {
        StringBuilder forms = new StringBuilder();
        HtmlPage page = wc.getPage(pipeline, "pipeline-syntax");
        List<String> ours = new ArrayList<>();
        HtmlSelect steps = null;
        for (HtmlElement select : page.getDocumentElement().getElementsByTagName("select")) {
            for (HtmlOption option : ((HtmlSelect) select).getOptions()) {
                if (option.getText().contains("fine-tuning job")
                        || option.getText().contains("Foundry resource")) {
                    steps = (HtmlSelect) select;
                    ours.add(option.getText());
                }
            }
        }
        // the 11 Pipeline steps (withFoundry too); the freestyle build steps are not offered to Pipelines
        assertThat("our steps in the Snippet Generator: " + ours, ours, hasSize(11));
        for (String text : ours) {
            HtmlOption option = steps.getOptionByText(text);
            steps.setSelectedAttribute(option, true);
            wc.waitForBackgroundJavaScript(5000);
            forms.append(page.asXml());
        }
        return forms.toString();
    }

    /** The labels of the views that make up configuration forms (the build page's table is not a form). */
    private static Set<String> configurationLabels() throws IOException {
        Set<String> labels = new TreeSet<>();
        try (Stream<Path> files = Files.walk(VIEWS)) {
            for (Path view : files.filter(f -> f.toString().endsWith(".jelly"))
                    .filter(f -> !f.toString().contains("buildpage"))
                    .filter(f -> !f.getFileName().toString().equals("index.jelly"))
                    .toList()) {
                Matcher m = LABEL.matcher(read(view));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return labels;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
