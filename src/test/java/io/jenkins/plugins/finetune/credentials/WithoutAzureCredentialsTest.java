package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin without the optional Azure Credentials plugin (and the Azure SDK it brings): it loads, offers
 * Secret text only, and API keys work. Runs where Jenkins is started without those plugins and their classes
 * (on the jenkins-from-source harness: {@code JFS_OMIT_PLUGINS="azure-credentials azure-sdk"}); skipped where
 * they are installed, which is what every other test class covers. References no Azure class on purpose.
 */
@WithJenkins
class WithoutAzureCredentialsTest extends FoundryTestSupport {

    @BeforeEach
    void onlyWithoutAzureCredentials() {
        assumeTrue(
                Jenkins.get().getPlugin("azure-credentials") == null,
                "azure-credentials is installed; run with it omitted");
    }

    @Test
    void theAzureSdkIsAbsentAndTheAzureResolverInactive() {
        ClassLoader plugins = Jenkins.get().getPluginManager().uberClassLoader;
        assertThrows(
                ClassNotFoundException.class, () -> plugins.loadClass("com.microsoft.azure.util.AzureBaseCredentials"));
        assertThrows(
                ClassNotFoundException.class, () -> plugins.loadClass("com.azure.core.credential.TokenCredential"));
        List<String> resolvers = FoundryCredentialResolver.all().stream()
                .map(r -> r.getClass().getSimpleName())
                .toList();
        assertThat(resolvers, is(List.of("ApiKeyCredentialResolver")));
        assertThat(FoundryCredentialResolver.describeSupported(), is("Secret text (API key)"));
    }

    @Test
    void secretTextKeysWork() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = run("echo 'status=' + pauseFineTune(jobId: '" + id + "').status", Result.SUCCESS);

        j.assertLogContains("status=pausing", b);
        assertThat(emulator.job(id).status(), not(is("running")));
        assertThat(emulator.requests(), not(empty()));
    }

    @Test
    void theConfigurationFormsRender() throws Exception {
        try (var wc = j.createWebClient()) {
            wc.goTo("manage/configure");
            wc.getPage(j.createFreeStyleProject(), "configure");
        }
    }
}
