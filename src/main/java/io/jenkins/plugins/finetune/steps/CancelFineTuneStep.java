package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def job = cancelFineTune(jobId: 'ftjob-abc')}: cancels a fine-tuning job that has not finished
 * and returns the job as a map with the API's field names. Cancelling cannot be undone.
 */
public class CancelFineTuneStep extends JobChangeStep {

    private boolean failIfNotCancellable = true;

    @DataBoundConstructor
    public CancelFineTuneStep(@NonNull String jobId) {
        super(jobId);
    }

    public boolean isFailIfNotCancellable() {
        return failIfNotCancellable;
    }

    /** {@code false}: a job that has already finished (succeeded, failed, cancelled) is returned as it is. */
    @DataBoundSetter
    public void setFailIfNotCancellable(boolean failIfNotCancellable) {
        this.failIfNotCancellable = failIfNotCancellable;
    }

    @NonNull
    @Override
    JobChange change() {
        return JobChange.CANCEL;
    }

    @Override
    boolean failIfNotEligible() {
        return failIfNotCancellable;
    }

    @Extension
    public static final class DescriptorImpl extends JobChangeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "cancelFineTune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CancelFineTuneStep_DisplayName();
        }
    }
}
