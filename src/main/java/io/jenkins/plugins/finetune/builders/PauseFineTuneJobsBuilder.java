package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;

/** Freestyle "Pause Azure AI Foundry fine-tuning jobs (selector)": the build step of {@code pauseFineTunes}. */
public class PauseFineTuneJobsBuilder extends BulkChangeBuilder {

    @DataBoundConstructor
    public PauseFineTuneJobsBuilder() {}

    @NonNull
    @Override
    JobChange change() {
        return JobChange.PAUSE;
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (pauseFineTuneJobsBuilder).
    @Extension
    public static final class DescriptorImpl extends BulkChangeBuilderDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneJobsBuilder_DisplayName();
        }

        @NonNull
        @Override
        public String getWaitTitle() {
            return Messages.PauseFineTuneJobsBuilder_WaitTitle();
        }
    }
}
