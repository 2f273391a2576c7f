package io.jenkins.plugins.finetune;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * JCasC: configure from YAML, check, re-apply through the web UI, restart, check again
 * ({@link AbstractRoundTripTest}); and export back to the same YAML.
 */
// @WithJenkins comes from AbstractRoundTripTest.
class ConfigurationAsCodeTest extends AbstractRoundTripTest {

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        assertThat(config.getEndpoint(), is("https://jcasc-round-trip.openai.azure.com"));
        assertThat(config.getCredentialsId(), is("foundry-api-key"));
        assertThat(config.getApiVersion(), is("2025-04-01-preview"));
        assertThat(config.getConnectTimeoutSeconds(), is(15));
        assertThat(config.getResponseTimeoutSeconds(), is(90));
        assertThat(config.getMaxRetries(), is(5));
    }

    @Override
    protected String stringInLogExpected() {
        return ".endpoint = https://jcasc-round-trip.openai.azure.com";
    }

    @Test
    void exportsTheSameYaml(JenkinsRule j) throws Exception {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setEndpoint("https://jcasc-round-trip.openai.azure.com");
        config.setCredentialsId("foundry-api-key");
        config.setApiVersion("2025-04-01-preview");
        config.setConnectTimeoutSeconds(15);
        config.setResponseTimeoutSeconds(90);
        config.setMaxRetries(5);

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode node = getUnclassifiedRoot(context).get("foundryFineTuning");
        String exported = toYamlString(node);
        assertThat(
                exported,
                allOf(
                        containsString("endpoint: \"https://jcasc-round-trip.openai.azure.com\""),
                        containsString("credentialsId: \"foundry-api-key\""),
                        containsString("apiVersion: \"2025-04-01-preview\""),
                        containsString("connectTimeoutSeconds: 15"),
                        containsString("responseTimeoutSeconds: 90"),
                        containsString("maxRetries: 5")));
    }
}
