package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def results = resumeFineTunes(metadata: [pause_at_night: 'true'])}: resumes every selected
 * fine-tuning job; see {@link BulkChangeStep}.
 */
public class ResumeFineTunesStep extends BulkChangeStep {

    @DataBoundConstructor
    public ResumeFineTunesStep() {}

    @NonNull
    @Override
    public JobChange change() {
        return JobChange.RESUME;
    }

    @Extension
    public static final class DescriptorImpl extends BulkChangeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "resumeFineTunes";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResumeFineTunesStep_DisplayName();
        }

        @NonNull
        @Override
        public String getWaitTitle() {
            return Messages.ResumeFineTuneJobsBuilder_WaitTitle();
        }
    }
}
