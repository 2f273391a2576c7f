package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.forms.ConnectionFieldForms;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * What every fine-tuning Pipeline step has: the connection arguments of {@link ConnectionStep}, each falling back to an enclosing {@code withFoundry}, the folder default resource and the
 * global configuration ({@link FoundryCall} resolves them). Steps need no node.
 */
public abstract class FoundryStep extends ConnectionStep {

    /** Context and form handling shared by the descriptors of all fine-tuning steps. */
    public abstract static class FoundryStepDescriptor extends StepDescriptor implements ConnectionFieldForms {

        /** The build and its log; no {@code FilePath}, {@code Launcher} or node: only HTTPS calls. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @NonNull
        @Override
        public String blankResourceLabel() {
            return Messages.ResourceField_FolderDefault();
        }
    }
}
