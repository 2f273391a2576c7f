package io.jenkins.plugins.finetune.configuration;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The administrator's cap on a bulk selection ({@code maxBulkJobs}): its default, the form, JCasC in and out, and a
 * configuration saved before it existed.
 */
@WithJenkins
class BulkJobsLimitTest {

    @Test
    void defaultsTo100000AndRefusesNothingBelowOne(JenkinsRule j) {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        assertThat(config.getMaxBulkJobs(), is(100_000));
        config.setMaxBulkJobs(0);
        assertThat("below 1 means the default", config.getMaxBulkJobs(), is(100_000));
    }

    @Test
    void theFormKeepsIt(JenkinsRule j) throws Exception {
        FoundryFineTuningConfiguration.get().setMaxBulkJobs(2500);
        j.configRoundtrip();
        assertThat(FoundryFineTuningConfiguration.get().getMaxBulkJobs(), is(2500));
    }

    @Test
    void configurationAsCodeSetsAndExportsIt(JenkinsRule j, @TempDir Path temp) throws Exception {
        Path yaml = temp.resolve("jenkins.yaml");
        Files.writeString(yaml, "unclassified:\n  foundryFineTuning:\n    maxBulkJobs: 2500\n", StandardCharsets.UTF_8);

        ConfigurationAsCode.get().configure(yaml.toString());

        assertThat(FoundryFineTuningConfiguration.get().getMaxBulkJobs(), is(2500));
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = toYamlString(getUnclassifiedRoot(context).get("foundryFineTuning"));
        assertThat(exported, containsString("maxBulkJobs: 2500"));
    }

    @Test
    void aConfigurationSavedBeforeTheSettingLoadsWithTheDefault(JenkinsRule j) throws Exception {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setMaxRetries(4);
        Path file = j.jenkins.getRootDir().toPath().resolve(FoundryFineTuningConfiguration.class.getName() + ".xml");
        String saved = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(saved, containsString("<maxBulkJobs>100000</maxBulkJobs>"));
        Files.writeString(file, saved.replace("<maxBulkJobs>100000</maxBulkJobs>", ""), StandardCharsets.UTF_8);

        FoundryFineTuningConfiguration reloaded = new FoundryFineTuningConfiguration();

        assertThat(reloaded.getMaxRetries(), is(4));
        assertThat(reloaded.getMaxBulkJobs(), is(100_000));
    }
}
