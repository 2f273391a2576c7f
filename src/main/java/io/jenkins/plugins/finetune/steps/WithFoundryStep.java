package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.forms.ConnectionFieldForms;
import java.io.Serial;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code withFoundry(resource: 'prod') { pauseFineTune(jobId: id) }}: the fine-tuning steps inside use this
 * resource (and/or endpoint, credentials, api-version) unless they name their own, as {@code withAWS} scopes
 * its settings. Nested blocks override the outer one: a block naming a resource replaces the outer settings,
 * otherwise it fills in what it names.
 */
public class WithFoundryStep extends ConnectionStep {

    @DataBoundConstructor
    public WithFoundryStep() {}

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, target(context));
    }

    /**
     * Starts the body with the target in its context, where the steps inside find it. The target is
     * serializable and kept by the body's context, so a resumed build still uses it.
     */
    static final class Execution extends StepExecution {

        @Serial
        private static final long serialVersionUID = 1L;

        private final FoundryTarget target;

        Execution(@NonNull StepContext context, @NonNull FoundryTarget target) {
            super(context);
            this.target = target;
        }

        @Override
        public boolean start() {
            getContext()
                    .newBodyInvoker()
                    .withContext(target)
                    .withCallback(BodyExecutionCallback.wrap(getContext()))
                    .start();
            return false;
        }

        @Override
        public void onResume() {
            // The body resumes on its own; nothing else runs here.
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor implements ConnectionFieldForms {

        @Override
        public String getFunctionName() {
            return "withFoundry";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithFoundryStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of();
        }

        @NonNull
        @Override
        public String blankResourceLabel() {
            return Messages.ResourceField_Enclosing();
        }
    }
}
