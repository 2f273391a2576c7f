package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.steps.ResumeFineTunesStep;
import org.kohsuke.stapler.DataBoundConstructor;

/** Freestyle "Resume Azure AI Foundry fine-tuning jobs (selector)": {@code resumeFineTunes} as a build step. */
public class ResumeFineTuneJobsBuilder extends BulkChangeBuilder {

    /** {@code step}: the arguments of {@code resumeFineTunes}; {@code null} (Job DSL without a block): none. */
    @DataBoundConstructor
    public ResumeFineTuneJobsBuilder(@CheckForNull ResumeFineTunesStep step) {
        super(step == null ? new ResumeFineTunesStep() : step);
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (resumeFineTuneJobsBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            super(ResumeFineTunesStep.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResumeFineTuneJobsBuilder_DisplayName();
        }
    }
}
