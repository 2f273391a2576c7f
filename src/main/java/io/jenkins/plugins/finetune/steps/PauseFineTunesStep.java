package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def results = pauseFineTunes(metadata: [pause_at_night: 'true'])}: pauses every selected
 * fine-tuning job; see {@link BulkChangeStep}.
 */
public class PauseFineTunesStep extends BulkChangeStep {

    @DataBoundConstructor
    public PauseFineTunesStep() {}

    @NonNull
    @Override
    public JobChange change() {
        return JobChange.PAUSE;
    }

    @Extension
    public static final class DescriptorImpl extends BulkChangeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "pauseFineTunes";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTunesStep_DisplayName();
        }

        @NonNull
        @Override
        public String getWaitTitle() {
            return Messages.PauseFineTuneJobsBuilder_WaitTitle();
        }
    }
}
