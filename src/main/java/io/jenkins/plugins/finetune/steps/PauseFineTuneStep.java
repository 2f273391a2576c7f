package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def job = pauseFineTune(jobId: 'ftjob-abc', apiVersion: 'v1')}: pauses an Azure AI Foundry
 * fine-tuning job and returns the {@code fine_tuning.job} as a map with the API's field names
 * ({@code job.status}, {@code job.fine_tuned_model}, {@code job.hyperparameters.n_epochs}).
 */
public class PauseFineTuneStep extends JobChangeStep {

    private boolean failIfNotRunning = true;

    @DataBoundConstructor
    public PauseFineTuneStep(@NonNull String jobId) {
        super(jobId);
    }

    public boolean isFailIfNotRunning() {
        return failIfNotRunning;
    }

    /** {@code false}: a job that is already paused or finished is returned as it is instead of failing. */
    @DataBoundSetter
    public void setFailIfNotRunning(boolean failIfNotRunning) {
        this.failIfNotRunning = failIfNotRunning;
    }

    @NonNull
    @Override
    JobChange change() {
        return JobChange.PAUSE;
    }

    @Override
    boolean failIfNotEligible() {
        return failIfNotRunning;
    }

    @Extension
    public static final class DescriptorImpl extends JobChangeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "pauseFineTune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneStep_DisplayName();
        }
    }
}
