package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def job = resumeFineTune(jobId: 'ftjob-abc')}: resumes a paused fine-tuning job and returns the
 * job as a map with the API's field names. {@code paused → resuming → running}.
 */
public class ResumeFineTuneStep extends JobChangeStep {

    private boolean failIfNotPaused = true;

    @DataBoundConstructor
    public ResumeFineTuneStep(@NonNull String jobId) {
        super(jobId);
    }

    public boolean isFailIfNotPaused() {
        return failIfNotPaused;
    }

    /** {@code false}: a job that is not paused (already resuming, running, finished) is returned as it is. */
    @DataBoundSetter
    public void setFailIfNotPaused(boolean failIfNotPaused) {
        this.failIfNotPaused = failIfNotPaused;
    }

    @NonNull
    @Override
    JobChange change() {
        return JobChange.RESUME;
    }

    @Override
    boolean failIfNotEligible() {
        return failIfNotPaused;
    }

    @Extension
    public static final class DescriptorImpl extends JobChangeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "resumeFineTune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ResumeFineTuneStep_DisplayName();
        }
    }
}
