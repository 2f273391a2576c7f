package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;

/** Freestyle "Resume Azure AI Foundry fine-tuning jobs (selector)": the build step of {@code resumeFineTunes}. */
public class ResumeFineTuneJobsBuilder extends BulkChangeBuilder {

    @DataBoundConstructor
    public ResumeFineTuneJobsBuilder() {}

    @NonNull
    @Override
    JobChange change() {
        return JobChange.RESUME;
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (resumeFineTuneJobsBuilder).
    @Extension
    public static final class DescriptorImpl extends BulkChangeBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResumeFineTuneJobsBuilder_DisplayName();
        }

        @NonNull
        @Override
        public String getWaitTitle() {
            return Messages.ResumeFineTuneJobsBuilder_WaitTitle();
        }
    }
}
