package io.jenkins.plugins.finetune;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin's packages form layers that only point down, and no package cycle (docs/architecture.md draws them).
 * Read from the compiled main classes, so a dependency counts whatever way it is written (import, fully qualified
 * name, annotation, constant); a {@code {@link}} in javadoc does not.
 */
class ArchitectureTest {

    private static final String PLUGIN = "io.jenkins.plugins.finetune";

    private static JavaClasses plugin;

    @BeforeAll
    static void importMainClasses() {
        // Only where the plugin's main classes and the toolkit's client are, not the tests.
        plugin = new ClassFileImporter()
                .importUrls(
                        List.of(locationOf(FoundryFineTuningConfiguration.class), locationOf(FineTuningClient.class)));
        assertTrue(plugin.contain(PauseFineTuneStep.class), "the plugin's classes were imported");
        assertTrue(plugin.contain(FineTuningClient.class), "the client's classes were imported");
        assertTrue(!plugin.contain(ArchitectureTest.class), "only the main classes were imported");
    }

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void noPackageCycles() {
        slices().matching(PLUGIN + ".(*)..").should().beFreeOfCycles().check(plugin);
    }

    @Test
    void layersOnlyPointDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Entry points")
                .definedBy(PLUGIN + ".steps..", PLUGIN + ".builders..")
                .layer("Step executions")
                .definedBy(PLUGIN + ".stepexecutions..")
                .layer("Form helpers")
                .definedBy(PLUGIN + ".forms..")
                .layer("Changes")
                .definedBy(PLUGIN + ".changes..")
                .layer("Waiting")
                .definedBy(PLUGIN + ".waiting..")
                .layer("Calls")
                .definedBy(PLUGIN + ".calls..")
                .layer("Build records")
                .definedBy(PLUGIN + ".buildpage..")
                .layer("Configuration")
                .definedBy(PLUGIN + ".configuration..")
                .layer("Credentials")
                .definedBy(PLUGIN + ".credentials..")
                .layer("Client")
                .definedBy(PLUGIN + ".client..")
                .whereLayer("Entry points")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Step executions")
                .mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Form helpers")
                .mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Changes")
                .mayOnlyBeAccessedByLayers("Entry points", "Step executions", "Form helpers")
                .whereLayer("Waiting")
                .mayOnlyBeAccessedByLayers("Step executions", "Changes")
                .whereLayer("Calls")
                .mayOnlyBeAccessedByLayers("Entry points", "Step executions", "Form helpers", "Changes", "Waiting")
                .whereLayer("Build records")
                .mayOnlyBeAccessedByLayers("Entry points", "Step executions", "Changes")
                .whereLayer("Configuration")
                .mayOnlyBeAccessedByLayers("Entry points", "Form helpers", "Calls")
                .whereLayer("Credentials")
                .mayOnlyBeAccessedByLayers("Entry points", "Form helpers", "Calls", "Configuration")
                .check(plugin);
    }
}
