package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.JobChangeInvocation;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.JobChangeExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code pauseFineTune}, {@code resumeFineTune} and {@code cancelFineTune}: one job, one change, the job
 * returned as a map with the API's field names. Each subclass names its change and its own "fail if not
 * eligible" argument; everything else, including the execution, is here and in {@link JobChangeInvocation}.
 */
public abstract class JobChangeStep extends FoundryStep {

    private final String jobId;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    /** {@code null}: not set, which prints events (as in configurations saved before this field). */
    @CheckForNull
    private Boolean events;

    protected JobChangeStep(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    public boolean isWait() {
        return wait;
    }

    /** Wait until the job reaches the change's final status (or a terminal one) instead of returning at once. */
    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    /** How long {@code wait} waits, in seconds. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isEvents() {
        return events == null || events;
    }

    /** {@code false}: the job's events are not printed while {@code wait} waits. */
    @DataBoundSetter
    public void setEvents(boolean events) {
        this.events = events;
    }

    /** The change this step makes. */
    @NonNull
    abstract JobChange change();

    /** Whether a job the change does not apply to fails the step (else it is returned as it is). */
    abstract boolean failIfNotEligible();

    JobChangeSettings settings(FoundryTarget target) {
        return new JobChangeSettings(change(), jobId, target, wait, timeout, failIfNotEligible(), isEvents());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new JobChangeExecution(context, settings(target(context)));
    }

    /** Form handling shared by the single-job change steps. */
    public abstract static class JobChangeStepDescriptor extends FoundryStepDescriptor {

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkTimeout(value));
        }
    }
}
