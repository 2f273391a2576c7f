package io.jenkins.plugins.finetune.credentials;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.calls.Clients;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.WarExploder;
import org.jvnet.hudson.test.junit.jupiter.RealJenkinsExtension;

/**
 * The plugin in a real Jenkins process started without the optional Azure Credentials plugin and the Azure SDK it
 * brings ({@code omitPlugins}): it loads, offers Secret text only, and API keys work. This is the check that runs in
 * {@code mvn verify} and on ci.jenkins.io, where azure-credentials is always on the test class path.
 */
@EnabledIf(
        value = "executableJenkinsWarOnTheClassPath",
        disabledReason = "no executable jenkins.war on the test class path (RealJenkinsExtension needs one)")
class WithoutAzureCredentialsRealJenkinsTest {

    /**
     * RealJenkinsExtension starts the executable jenkins.war that {@code mvn verify} puts on the test class path
     * (where this test always runs); a runner without one (the from-source harness's {@code test-plugin.sh}) says so
     * instead of failing. Checked before the extension looks for the war itself.
     */
    static boolean executableJenkinsWarOnTheClassPath() {
        try {
            return WarExploder.findJenkinsWar().isFile();
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    @RegisterExtension
    private final RealJenkinsExtension rr = new RealJenkinsExtension()
            .omitPlugins("azure-credentials", "azure-sdk")
            .javaOptions("-D" + Clients.ALLOW_LOOPBACK_HTTP + "=true"); // the emulator speaks http on loopback

    @Test
    void theAzureSdkIsAbsentAndTheAzureResolverInactive() throws Throwable {
        rr.then(WithoutAzureCredentialsChecks::theAzureSdkIsAbsentAndTheAzureResolverInactive);
    }

    @Test
    void secretTextKeysWork() throws Throwable {
        rr.then(WithoutAzureCredentialsRealJenkinsTest::secretTextKeysWorkAgainstAnEmulator);
    }

    @Test
    void theConfigurationFormsRender() throws Throwable {
        rr.then(WithoutAzureCredentialsChecks::theConfigurationFormsRender);
    }

    /** Runs inside the Jenkins process: the emulator is started there, next to it. */
    private static void secretTextKeysWorkAgainstAnEmulator(JenkinsRule r) throws Exception {
        try (FineTuningEmulator emulator = FoundryTestSupport.startEmulator()) {
            FoundryTestSupport.configureDefaults(emulator);
            WithoutAzureCredentialsChecks.secretTextKeysWork(r, emulator);
        }
    }
}
