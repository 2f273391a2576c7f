package io.jenkins.plugins.finetune.forms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.FreeStyleProject;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryFolderProperty;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What the forms say before and while a user types: the endpoint's hint follows the resource chosen (or the folder's
 * default), an empty job id is no error on a fresh form, and an id that cannot be Azure's is a warning, not an error.
 */
@WithJenkins
class FormHintsTest extends FoundryTestSupport {

    /** Also the freestyle build step's form: it renders this descriptor for the step it holds. */
    private PauseFineTuneStep.DescriptorImpl step;

    @BeforeEach
    void aResource() {
        FoundryResource resource = new FoundryResource("demo");
        resource.setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
        step = j.jenkins.getDescriptorByType(PauseFineTuneStep.DescriptorImpl.class);
    }

    @Test
    void theEndpointHintNamesWhereABlankEndpointComesFrom() throws Exception {
        FreeStyleProject top = j.createFreeStyleProject("top");
        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("demo"));
        FreeStyleProject inTeam = team.createProject(FreeStyleProject.class, "job");

        assertThat(step.doCheckEndpoint(top, "", "demo").getMessage(), containsString("resource &#039;demo&#039;"));
        assertThat(step.doCheckEndpoint(top, "", "demo").getMessage(), containsString("resource &#039;demo&#039;"));
        assertThat(step.doCheckEndpoint(top, "", "").getMessage(), containsString("global configuration"));
        assertThat(
                step.doCheckEndpoint(inTeam, "", "").getMessage(),
                containsString("folder&#039;s default resource &#039;demo&#039;"));
        FormValidation typed = step.doCheckEndpoint(top, "ftp://elsewhere", "demo");
        assertThat(typed.kind, is(FormValidation.Kind.ERROR));
    }

    @Test
    void jobIdsAreCheckedForAzuresFormWithoutRefusingOthers() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        assertThat(step.doCheckJobId(project, "").kind, is(FormValidation.Kind.OK));
        assertThat(
                step.doCheckJobId(project, "ftjob-0123456789abcdef0123456789abcdef").kind, is(FormValidation.Kind.OK));
        assertThat(step.doCheckJobId(project, "${JOB_ID}").kind, is(FormValidation.Kind.OK));
        for (String notAzures : List.of("ft-05003d7c0b1e4e2a", "gpt-4o-mini-2024-07-18.ft-0123abcd")) {
            FormValidation check = step.doCheckJobId(project, notAzures);
            assertThat(notAzures, check.kind, is(FormValidation.Kind.WARNING));
            assertThat(check.getMessage(), allOf(containsString("ftjob-"), not(containsString("jobId:"))));
        }
        FormValidation hostile = step.doCheckJobId(project, "../../admin");
        assertThat(hostile.kind, is(FormValidation.Kind.ERROR));
        assertThat(hostile.getMessage(), not(containsString("jobId:")));
    }

    @Test
    void aFreshFreestyleFormShowsNoErrorBeforeAnythingIsTyped() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep("")));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.getPage(project, "configure");
            wc.waitForBackgroundJavaScript(2_000);
            String text = page.asNormalizedText();
            assertThat(text, not(containsString("is required")));
            assertThat(text, not(containsString("jobId:")));
            assertThat(text, containsString("Uses the endpoint of the global configuration."));
        }
    }
}
