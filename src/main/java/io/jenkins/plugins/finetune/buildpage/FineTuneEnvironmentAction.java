package io.jenkins.plugins.finetune.buildpage;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Exports {@code FINE_TUNE_JOB_ID}, {@code FINE_TUNE_STATUS}, {@code FINE_TUNE_MODEL} and
 * {@code FINE_TUNE_FINE_TUNED_MODEL} (computed by the client's {@code JobEnvironment}) to the build
 * steps that follow the freestyle build step. The last build step wins. Not shown in the UI.
 */
public class FineTuneEnvironmentAction implements EnvironmentContributingAction {

    private final Map<String, String> variables;

    @Restricted(NoExternalUse.class)
    public FineTuneEnvironmentAction(@NonNull Map<String, String> variables) {
        this.variables = new LinkedHashMap<>(variables);
    }

    @NonNull
    public Map<String, String> getVariables() {
        return new LinkedHashMap<>(variables);
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        env.putAll(variables);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
