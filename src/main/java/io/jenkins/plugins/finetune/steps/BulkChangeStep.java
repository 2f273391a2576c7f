package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.BulkInvocation;
import io.jenkins.plugins.finetune.changes.BulkSettings;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.forms.BulkChangeFieldForms;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.stepexecutions.BulkChangeExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code pauseFineTunes(...)} and {@code resumeFineTunes(...)}: change every job a selector (or an id list)
 * picks, concurrently, and return one map per job ({@code id}, {@code outcome}, {@code status},
 * {@code error}). The arguments are those of docs/scheduled-pauses.md; {@link BulkInvocation} runs them.
 */
public abstract class BulkChangeStep extends SelectorStep {

    private String jobIds;
    private boolean all;
    private boolean allowUnknownStatus;
    private boolean dryRun;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    private int concurrency = BulkRequest.DEFAULT_CONCURRENCY;
    private boolean failOnError = true;
    /** {@code null}: not set, which prints events (as in configurations saved before this field). */
    @CheckForNull
    private Boolean events;

    /** Explicit ids, comma- or blank-separated (in Pipeline code also a list). */
    @CheckForNull
    public String getJobIds() {
        return jobIds;
    }

    @DataBoundSetter
    public void setJobIds(@CheckForNull String jobIds) {
        this.jobIds = SelectionText.wordsOrNull(jobIds);
    }

    public boolean isAll() {
        return all;
    }

    /** Change every eligible job of the resource when no selection is given (required then, refused otherwise). */
    @DataBoundSetter
    public void setAll(boolean all) {
        this.all = all;
    }

    public boolean isAllowUnknownStatus() {
        return allowUnknownStatus;
    }

    /** Accept {@code status} values this plugin does not know (statuses Azure adds later). */
    @DataBoundSetter
    public void setAllowUnknownStatus(boolean allowUnknownStatus) {
        this.allowUnknownStatus = allowUnknownStatus;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public int getConcurrency() {
        return concurrency;
    }

    @DataBoundSetter
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    public boolean isEvents() {
        return events == null || events;
    }

    /** {@code false}: the jobs' events are not printed while {@code wait} waits. */
    @DataBoundSetter
    public void setEvents(boolean events) {
        this.events = events;
    }

    /** The change applied to every selected job. */
    @NonNull
    public abstract JobChange change();

    /** What these arguments ask, calling {@code target} (also what the freestyle build steps run). */
    @NonNull
    public BulkSettings settings(@NonNull FoundryTarget target) {
        return new BulkSettings(
                getStatus(),
                getSuffix(),
                getSuffixRegex(),
                getModel(),
                getMetadata(),
                jobIds,
                all,
                allowUnknownStatus,
                dryRun,
                wait,
                timeout,
                concurrency,
                failOnError,
                target);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new BulkChangeExecution(context, change(), settings(target(context)), isEvents());
    }

    /** Form handling shared by the bulk steps. */
    public abstract static class BulkChangeStepDescriptor extends SelectorStepDescriptor
            implements BulkChangeFieldForms {

        /** e.g. "Wait until paused" (the freestyle build steps render this descriptor's form too). */
        @NonNull
        public abstract String getWaitTitle();
    }
}
