package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.forms.ConnectionTest;
import io.jenkins.plugins.finetune.steps.ConnectionStep;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every fine-tuning freestyle build step is: the arguments of the Pipeline step it stands for, held as that
 * step ({@link #getStep()}), run in a freestyle build. The step is the one home of the fields: their setters, form,
 * checks and help; a build step cannot extend a step, so it holds one (saved in {@code config.xml} as
 * {@code <step>}), the way credentials-binding's step and wrapper hold the same bindings. The connection fields
 * fall back to the folder default resource and the global configuration ({@link FoundryCall} resolves them). Needs
 * no workspace.
 */
public abstract class FoundryBuilder extends Builder {

    /** The arguments, as the Pipeline step takes them (its {@code StepContext} is not used here). */
    @NonNull
    public abstract ConnectionStep getStep();

    /** What this build step names (not yet expanded), run on the build's node. */
    @NonNull
    protected FoundryTarget target(@NonNull Run<?, ?> run) {
        return getStep().target(run instanceof AbstractBuild<?, ?> build ? build.getBuiltOnStr() : null);
    }

    /**
     * Runs in freestyle builds only. Not a {@code SimpleBuildStep}, so that a Pipeline never meets it (neither the
     * Snippet Generator nor a symbol offers it there): Pipelines have the durable steps, which survive a restart and
     * hold no executor while they wait. Job DSL names the build steps by their class names.
     */
    @Override
    public boolean perform(
            @NonNull AbstractBuild<?, ?> build, @NonNull Launcher launcher, @NonNull BuildListener listener)
            throws InterruptedException, IOException {
        run(build, build.getEnvironment(listener), listener);
        return true;
    }

    /** What this build step does in a freestyle build; {@code env} expands the fields' {@code ${VAR}} references. */
    protected abstract void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException;

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    /**
     * The descriptors of the fine-tuning build steps. The form is the step's ({@code config.jelly} renders
     * {@link #getStepDescriptor()} for the {@code step} property), so every field's check, drop-down and help is the
     * step descriptor's; only <i>Test connection</i>, which Pipeline steps do not have, is here.
     */
    public abstract static class FoundryBuilderDescriptor extends BuildStepDescriptor<Builder> {

        private final Class<? extends ConnectionStep> stepType;

        protected FoundryBuilderDescriptor(@NonNull Class<? extends ConnectionStep> stepType) {
            this.stepType = stepType;
        }

        /** The descriptor of the step whose arguments this build step holds: its form is this build step's. */
        @NonNull
        public Descriptor<?> getStepDescriptor() {
            return Jenkins.get().getDescriptorOrDie(stepType);
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        /** "Test connection" on a job's configuration page: needs permission to configure that job. */
        @POST
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String resource,
                @QueryParameter String endpoint,
                @QueryParameter String credentialsId,
                @QueryParameter String apiVersion) {
            if (item == null) {
                Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
            FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
            return ConnectionTest.testConnection(
                    item,
                    new FoundryTarget(resource, endpoint, apiVersion, credentialsId),
                    global.getConnectTimeoutSeconds(),
                    global.getResponseTimeoutSeconds());
        }
    }
}
