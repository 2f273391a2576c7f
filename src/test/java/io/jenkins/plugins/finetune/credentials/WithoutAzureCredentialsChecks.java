package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Result;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * What must hold in a Jenkins without the Azure Credentials plugin and the Azure SDK, run inside the Jenkins that
 * {@link WithoutAzureCredentialsRealJenkinsTest} starts without them. References no Azure class on purpose.
 */
final class WithoutAzureCredentialsChecks {

    private WithoutAzureCredentialsChecks() {}

    static void theAzureSdkIsAbsentAndTheAzureResolverInactive(JenkinsRule r) {
        assertThat(r.jenkins.getPlugin("azure-credentials"), is((Object) null));
        ClassLoader plugins = r.jenkins.getPluginManager().uberClassLoader;
        assertThrows(
                ClassNotFoundException.class, () -> plugins.loadClass("com.microsoft.azure.util.AzureBaseCredentials"));
        assertThrows(
                ClassNotFoundException.class, () -> plugins.loadClass("com.azure.core.credential.TokenCredential"));
        List<String> resolvers = FoundryCredentialResolver.all().stream()
                .map(resolver -> resolver.getClass().getSimpleName())
                .toList();
        // Without azure-credentials: API keys, and the agent's managed identity, which needs no Azure library here.
        assertThat(resolvers, is(List.of("ApiKeyCredentialResolver", "AgentIdentityCredentialResolver")));
        assertThat(
                FoundryCredentialResolver.describeSupported(),
                is("Secret text (API key); Agent VM identity for Foundry fine-tuning"));
    }

    /** {@code emulator} is configured as the global default with a Secret text key. */
    static void secretTextKeysWork(JenkinsRule r, FineTuningEmulator emulator) throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("echo 'status=' + pauseFineTune(jobId: '" + id + "').status", true));

        WorkflowRun b = r.buildAndAssertStatus(Result.SUCCESS, p);

        r.assertLogContains("status=pausing", b);
        assertThat(emulator.job(id).status(), not(is("running")));
        assertThat(emulator.requests(), not(empty()));
    }

    static void theConfigurationFormsRender(JenkinsRule r) throws Exception {
        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            wc.goTo("manage/configure");
            wc.getPage(r.createFreeStyleProject(), "configure");
        }
    }
}
