package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.jenkinsci.Symbol;
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

    @Extension
    @Symbol("pauseFineTuneJobs")
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
