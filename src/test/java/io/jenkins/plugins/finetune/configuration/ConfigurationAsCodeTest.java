package io.jenkins.plugins.finetune.configuration;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import io.jenkins.plugins.casc.model.CNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertThat("on by default; the YAML turns it off", config.isRestrictEndpoints(), is(false));
        assertThat(config.getResources().stream().map(FoundryResource::getName).toList(), is(List.of("dev", "gov")));
        FoundryResource dev = config.getResource("dev");
        assertThat(dev.getEndpoint(), is("https://dev-resource.openai.azure.com"));
        assertThat(dev.getCredentialsId(), is("foundry-dev-key"));
        assertThat(dev.getApiVersion(), is((String) null));
        assertThat(dev.getCloud(), is((String) null));
        assertThat(dev.getCallFrom(), is("agent"));
        assertThat(dev.isAgentsMayUseControllerIdentity(), is(true));
        FoundryResource gov = config.getResource("gov");
        assertThat(gov.getEndpoint(), is("https://gov-resource.openai.azure.us"));
        assertThat(gov.getCredentialsId(), is("foundry-gov-sp"));
        assertThat(gov.getApiVersion(), is("preview"));
        assertThat(gov.getCloud(), is("AZURE_US_GOVERNMENT"));
        assertThat(gov.getTokenScope(), is("https://cognitiveservices.azure.us/.default"));
        assertThat("controller is the default, not stored", gov.getCallFrom(), is((String) null));
        assertThat("off unless the YAML says so", gov.isAgentsMayUseControllerIdentity(), is(false));
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
        FoundryResource gov = new FoundryResource("gov");
        gov.setEndpoint("https://gov-resource.openai.azure.us");
        gov.setCredentialsId("foundry-gov-sp");
        gov.setCloud("AZURE_US_GOVERNMENT");
        gov.setCallFrom("agent");
        gov.setAgentsMayUseControllerIdentity(true);
        config.setResources(List.of(gov));
        config.setRestrictEndpoints(false);

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
                        containsString("maxRetries: 5"),
                        containsString("restrictEndpoints: false"),
                        containsString("name: \"gov\""),
                        containsString("endpoint: \"https://gov-resource.openai.azure.us\""),
                        containsString("cloud: \"AZURE_US_GOVERNMENT\""),
                        containsString("callFrom: \"agent\""),
                        containsString("agentsMayUseControllerIdentity: true")));
    }

    /** The resources block of docs/configuration.md, applied as written. */
    @Test
    void theDocumentedYamlConfiguresTwoResources(JenkinsRule j, @TempDir Path temp) throws Exception {
        String page = Files.readString(Path.of("docs", "configuration.md"), StandardCharsets.UTF_8)
                .replace("\r\n", "\n");
        Matcher block = Pattern.compile("```yaml\n(unclassified:\n.*?)```", Pattern.DOTALL)
                .matcher(page);
        assertThat("a yaml block with unclassified: in docs/configuration.md", block.find(), is(true));
        Path yaml = temp.resolve("configuration.yaml");
        Files.writeString(yaml, block.group(1), StandardCharsets.UTF_8);

        ConfigurationAsCode.get().configure(yaml.toString());

        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        assertThat(config.isRestrictEndpoints(), is(true));
        assertThat(config.getResources().stream().map(FoundryResource::getName).toList(), is(List.of("dev", "prod")));
        assertThat(config.getResource("prod").getCloud(), is("AZURE_US_GOVERNMENT"));
        assertThat(config.getResource("prod").effectiveTokenScope(), is("https://cognitiveservices.azure.us/.default"));
        assertThat(config.getResource("dev").getCredentialsId(), is("foundry-dev-key"));
    }
}
