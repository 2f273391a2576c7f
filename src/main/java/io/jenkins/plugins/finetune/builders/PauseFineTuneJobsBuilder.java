package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import org.kohsuke.stapler.DataBoundConstructor;

/** Freestyle "Pause Azure AI Foundry fine-tuning jobs (selector)": {@code pauseFineTunes} as a build step. */
public class PauseFineTuneJobsBuilder extends BulkChangeBuilder {

    /** {@code step}: the arguments of {@code pauseFineTunes}; {@code null} (Job DSL without a block): none. */
    @DataBoundConstructor
    public PauseFineTuneJobsBuilder(@CheckForNull PauseFineTunesStep step) {
        super(step == null ? new PauseFineTunesStep() : step);
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (pauseFineTuneJobsBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            super(PauseFineTunesStep.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneJobsBuilder_DisplayName();
        }
    }
}
