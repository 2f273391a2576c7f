package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.HostnameSpecification;
import hudson.model.Fingerprint;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Credentials are looked up with the domain requirements of the endpoint: a key bound to
 * {@code *.openai.azure.com} is never sent to another host, in builds and in forms; folder-scoped
 * credentials work, and their use is tracked.
 */
@WithJenkins
class HostBoundCredentialsTest extends FoundryTestSupport {

    private static final String AZURE_ONLY = "*.openai.azure.com";

    private static CredentialsStore storeOf(Folder folder) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
            if (store.getContext() == folder) {
                return store;
            }
        }
        throw new AssertionError("no credentials store in folder " + folder.getFullName());
    }

    private static StringCredentialsImpl key(String id) {
        return new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "team key", Secret.fromString(API_KEY));
    }

    private static Domain domain(String name, String hosts) {
        return new Domain(name, "keys for " + hosts, List.of(new HostnameSpecification(hosts, null)));
    }

    private WorkflowRun runIn(Folder folder, String script, Result expected) throws Exception {
        WorkflowJob p =
                folder.createProject(WorkflowJob.class, "p" + folder.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }

    @Test
    void aFolderKeyBoundToAnotherDomainIsRefusedNamingTheHost() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        storeOf(team).addDomain(domain("azure", AZURE_ONLY), key("team-key"));

        WorkflowRun b = runIn(team, "pauseFineTune(jobId: '" + id + "', credentialsId: 'team-key')", Result.FAILURE);

        j.assertLogContains("Credentials 'team-key' may not be sent to host 127.0.0.1", b);
        j.assertLogContains("does not include it", b);
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void aFolderKeyBoundToTheEndpointsHostIsUsedAndTracked() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        StringCredentialsImpl teamKey = key("team-key");
        storeOf(team).addDomain(domain("local", "127.0.0.1"), teamKey);

        WorkflowRun b = runIn(team, "pauseFineTune(jobId: '" + id + "', credentialsId: 'team-key')", Result.SUCCESS);

        assertThat(emulator.job(id).status(), not(is("running")));
        Fingerprint fingerprint = CredentialsProvider.getFingerprintOf(teamKey);
        assertThat(fingerprint, notNullValue());
        assertThat(fingerprint.getJobs(), hasItem(b.getParent().getFullName()));
    }

    @Test
    void aResourceCannotSendTheDefaultKeyToAnUnboundHost() throws Exception {
        addToJenkinsDomain(domain("azure", AZURE_ONLY), key("azure-key"));
        FoundryResource resource = new FoundryResource("local");
        resource.setEndpoint(emulator.baseUrl());
        resource.setCredentialsId("azure-key");
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("pauseFineTune(jobId: '" + id + "', resource: 'local')", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("Credentials 'azure-key' may not be sent to host 127.0.0.1", b);
    }

    @Test
    void credentialDropDownsAndChecksFollowTheEndpoint() throws Exception {
        addToJenkinsDomain(domain("azure", AZURE_ONLY), key("azure-key"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        PauseFineTuneStep.DescriptorImpl step = j.jenkins.getDescriptorByType(PauseFineTuneStep.DescriptorImpl.class);
        FoundryResource resource = new FoundryResource("azure");
        resource.setEndpoint("https://team.openai.azure.com");
        resource.setCredentialsId("azure-key");
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));

        assertThat(
                values(step.doFillCredentialsIdItems(p, "", null, "https://team.openai.azure.com")),
                hasItem("azure-key"));
        assertThat(values(step.doFillCredentialsIdItems(p, "", "azure", null)), hasItem("azure-key"));
        assertThat(
                values(step.doFillCredentialsIdItems(p, "", null, "https://attacker.example.com")),
                not(hasItem("azure-key")));
        assertThat(
                values(step.doFillCredentialsIdItems(p, "", null, "https://attacker.example.com")),
                hasItem(CREDENTIALS_ID));
        // the default endpoint (the emulator on 127.0.0.1) when neither is named
        assertThat(values(step.doFillCredentialsIdItems(p, "", null, null)), not(hasItem("azure-key")));

        FormValidation check = step.doCheckCredentialsId(p, "azure-key", null, "https://attacker.example.com");
        assertThat(check.kind, is(FormValidation.Kind.ERROR));
        assertThat(check.getMessage(), containsString("may not be sent to host attacker.example.com"));
        assertThat(step.doCheckCredentialsId(p, "azure-key", "azure", null).kind, is(FormValidation.Kind.OK));

        FoundryResource.DescriptorImpl global = Jenkins.get().getDescriptorByType(FoundryResource.DescriptorImpl.class);
        assertThat(values(global.doFillCredentialsIdItems("", "https://team.openai.azure.com")), hasItem("azure-key"));
        assertThat(values(global.doFillCredentialsIdItems("", emulator.baseUrl())), not(hasItem("azure-key")));
    }

    @Test
    void credentialDropDownsAreRefreshedWhenTheEndpointOrResourceChanges() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("fs");
        project.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep("ftjob-abc")));
        FoundryResource resource = new FoundryResource("dev");
        resource.setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            List<String> job = credentialSelectsDependOn(wc.getPage(project, "configure"));
            assertThat(job, not(empty()));
            assertThat(job, everyItem(allOf(containsString("endpoint"), containsString("resource"))));
            List<String> global = credentialSelectsDependOn(wc.goTo("manage/configure"));
            assertThat(global, hasSize(2)); // the default credentials and the resource's
            assertThat(global, everyItem(containsString("endpoint")));
        }
    }

    /** The fillDependsOn of every credentials drop-down of ours on the page. */
    private static List<String> credentialSelectsDependOn(HtmlPage page) {
        List<String> depends = new ArrayList<>();
        for (HtmlElement select : page.getDocumentElement().getElementsByTagName("select")) {
            String fillUrl = select.getAttribute("fillUrl");
            if (fillUrl.contains("finetune") && fillUrl.endsWith("fillCredentialsIdItems")) {
                depends.add(select.getAttribute("fillDependsOn"));
            }
        }
        return depends;
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(option -> option.value).toList();
    }

    /** Credentials in a new domain of the Jenkins store. */
    private static void addToJenkinsDomain(Domain domain, StringCredentialsImpl credentials) throws Exception {
        CredentialsProvider.lookupStores(Jenkins.get()).iterator().next().addDomain(domain, credentials);
    }
}
