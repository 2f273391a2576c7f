package io.jenkins.plugins.finetune.credentials;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin without the optional Azure Credentials plugin (and the Azure SDK it brings), in a {@code JenkinsRule}:
 * runs where the test class path lacks those plugins (on the jenkins-from-source harness:
 * {@code JFS_OMIT_PLUGINS="azure-credentials azure-sdk"}); skipped where they are installed. {@code mvn verify} runs
 * the same checks in {@link WithoutAzureCredentialsRealJenkinsTest}, which starts Jenkins without them.
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
        WithoutAzureCredentialsChecks.theAzureSdkIsAbsentAndTheAzureResolverInactive(j);
    }

    @Test
    void secretTextKeysWork() throws Exception {
        WithoutAzureCredentialsChecks.secretTextKeysWork(j, emulator);
    }

    @Test
    void theConfigurationFormsRender() throws Exception {
        WithoutAzureCredentialsChecks.theConfigurationFormsRender(j);
    }
}
