package io.jenkins.plugins.finetune.configuration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainCredentials;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A resource without credentials of its own never falls back to the global default credentials: those go with the
 * default endpoint (the support class's emulator), while the resource {@code shared} is another host (its own
 * emulator, which knows only the team's key). Steps using it, by name or as a folder's default, name their own
 * credentials; naming none is a clear error before any request, and the default key never reaches the resource.
 */
@WithJenkins
class ResourceWithoutCredentialsTest extends FoundryTestSupport {

    private static final String TEAM_KEY = "team-a-api-key-5c0e77";

    private FineTuningEmulator shared;

    @BeforeEach
    void aResourceWithoutCredentials() {
        shared = FineTuningEmulator.builder()
                .apiKey(TEAM_KEY)
                .pauseDelay(Duration.ofMillis(300))
                .build()
                .start();
        FoundryResource resource = new FoundryResource("shared");
        resource.setEndpoint(shared.baseUrl());
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
    }

    @AfterEach
    void closeShared() {
        shared.close();
    }

    @Test
    void aStepNamingTheResourceWithoutCredentialsFailsAndTheDefaultKeyGoesNowhere() throws Exception {
        WorkflowRun b = run("fineTuneJobs(resource: 'shared')", Result.FAILURE);

        assertNoCredentialsError(b);
        assertThat("the resource's host got nothing", shared.requestCount(), is(0));
        assertThat("nor the default endpoint", emulator.requestCount(), is(0));
    }

    @Test
    void aFolderDefaultWithoutCredentialsFailsToo() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team-a");
        team.getProperties().add(new FoundryFolderProperty("shared"));

        WorkflowRun b = runIn(team, "fineTuneJobs()", Result.FAILURE);

        assertNoCredentialsError(b);
        assertThat(shared.requestCount(), is(0));
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void stepsUsingTheResourceNameTheirOwnCredentialsFromTheirFolder() throws Exception {
        String job = shared.seedRunningJobs(1).get(0);
        Folder team = j.jenkins.createProject(Folder.class, "team-a");
        team.getProperties().add(new FoundryFolderProperty("shared"));
        team.addProperty(new FolderCredentialsProvider.FolderCredentialsProperty(new DomainCredentials[] {
            new DomainCredentials(
                    Domain.global(),
                    List.of(new StringCredentialsImpl(
                            CredentialsScope.GLOBAL, "team-a-key", "team A", Secret.fromString(TEAM_KEY))))
        }));

        WorkflowRun b = runIn(
                team,
                "echo \"listed: ${fineTuneJobs(credentialsId: 'team-a-key').size()}\"\n"
                        + "withFoundry(credentialsId: 'team-a-key') {\n"
                        + "  echo \"read: ${fineTuneJob(jobId: '" + job + "').status}\"\n"
                        + "}",
                Result.SUCCESS);

        j.assertLogContains("listed: 1", b);
        j.assertLogContains("read: running", b);
        j.assertLogNotContains(TEAM_KEY, b);
        assertThat(shared.requestCount(), is(2));
        assertThat(shared.requests().stream().map(r -> r.header("api-key")).toList(), everyItem(is(TEAM_KEY)));
        assertThat(emulator.requestCount(), is(0));

        // another folder cannot see team A's credentials: naming them there fails, and the resource gets nothing
        Folder other = j.jenkins.createProject(Folder.class, "team-b");
        WorkflowRun elsewhere =
                runIn(other, "fineTuneJobs(resource: 'shared', credentialsId: 'team-a-key')", Result.FAILURE);
        j.assertLogContains("Cannot find credentials with id 'team-a-key' available to team-b/", elsewhere);
        assertThat(shared.requestCount(), is(2));
    }

    @Test
    void testConnectionSaysSoForTheResourceAndForAJobUsingIt() throws Exception {
        FormValidation resource = j.jenkins
                .getDescriptorByType(FoundryResource.DescriptorImpl.class)
                .doTestConnection("shared", shared.baseUrl(), null, null, null, null);
        assertThat(resource.kind, is(FormValidation.Kind.ERROR));
        assertThat(
                resource.getMessage(),
                containsString("No credentials: resource &#039;shared&#039; has none, and the default credentials"
                        + " are never sent to a resource&#039;s endpoint. Select some here or on the resource."));

        Folder team = j.jenkins.createProject(Folder.class, "team-a");
        team.getProperties().add(new FoundryFolderProperty("shared"));
        FreeStyleProject p = team.createProject(FreeStyleProject.class, "f");
        FormValidation job = j.jenkins
                .getDescriptorByType(PauseFineTuneBuilder.DescriptorImpl.class)
                .doTestConnection(p, null, null, null, null);
        assertThat(job.kind, is(FormValidation.Kind.ERROR));
        assertThat(job.getMessage(), containsString("resource &#039;shared&#039; has none"));
        assertThat(shared.requestCount(), is(0));
        assertThat(emulator.requestCount(), is(0));
    }

    private void assertNoCredentialsError(WorkflowRun b) throws Exception {
        j.assertLogContains(
                "No credentials: resource 'shared' has none, and the default credentials are never sent to a"
                        + " resource's endpoint. Pass 'credentialsId' (on the step or its withFoundry block) or set"
                        + " the credentials of resource 'shared' in",
                b);
        j.assertLogNotContains(API_KEY, b);
        j.assertLogNotContains("\tat ", b); // no stack trace
        assertThat(shared.requests().stream().map(RecordedRequest::path).toList(), is(List.of()));
    }

    private WorkflowRun runIn(Folder folder, String script, Result expected) throws Exception {
        WorkflowJob p =
                folder.createProject(WorkflowJob.class, "p" + folder.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }
}
