package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.changes.BulkInvocation;
import io.jenkins.plugins.finetune.changes.BulkSettings;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.forms.BulkChangeFieldForms;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import java.io.IOException;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle "selector" build steps: the same fields, meaning and execution ({@link BulkInvocation}) as
 * {@code pauseFineTunes} / {@code resumeFineTunes}, with {@code ${VAR}} expansion. Metadata is typed as
 * {@code key=value} lines, ids and statuses as comma- or blank-separated words. The build page lists every
 * job touched; with "fail on error" any failed job makes the build fail. Needs no workspace.
 */
public abstract class BulkChangeBuilder extends FoundryBuilder {

    private String status;
    private String suffix;
    private String suffixRegex;
    private String model;
    private String metadata;
    private String jobIds;
    private boolean all;
    private boolean allowUnknownStatus;
    private boolean dryRun;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    private int concurrency = BulkRequest.DEFAULT_CONCURRENCY;
    private boolean failOnError = true;

    @CheckForNull
    public String getStatus() {
        return status;
    }

    @DataBoundSetter
    public void setStatus(@CheckForNull String status) {
        this.status = SelectionText.wordsOrNull(status);
    }

    @CheckForNull
    public String getSuffix() {
        return suffix;
    }

    @DataBoundSetter
    public void setSuffix(@CheckForNull String suffix) {
        this.suffix = Util.fixEmptyAndTrim(suffix);
    }

    @CheckForNull
    public String getSuffixRegex() {
        return suffixRegex;
    }

    @DataBoundSetter
    public void setSuffixRegex(@CheckForNull String suffixRegex) {
        this.suffixRegex = Util.fixEmptyAndTrim(suffixRegex);
    }

    @CheckForNull
    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(@CheckForNull String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    @CheckForNull
    public String getMetadata() {
        return metadata;
    }

    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = SelectionText.metadataOrNull(metadata);
    }

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

    /** The change applied to every selected job. */
    @NonNull
    abstract JobChange change();

    @Override
    protected void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        BulkSettings settings = new BulkSettings(
                        status,
                        suffix,
                        suffixRegex,
                        model,
                        metadata,
                        jobIds,
                        all,
                        allowUnknownStatus,
                        dryRun,
                        wait,
                        timeout,
                        concurrency,
                        failOnError,
                        target(run))
                .expand(env);
        BulkInvocation.run(change(), settings, run, listener);
    }

    /**
     * Form handling shared by the selector build steps. Field help is that of the Pipeline step with the same
     * argument ({@link PauseFineTunesStep}); the wait checkbox is labelled with the change's final status.
     */
    public abstract static class BulkChangeBuilderDescriptor extends FoundryBuilderDescriptor
            implements BulkChangeFieldForms {

        private static final String[] STEP_FIELDS = {
            "status",
            "suffix",
            "suffixRegex",
            "model",
            "metadata",
            "jobIds",
            "all",
            "allowUnknownStatus",
            "dryRun",
            "wait",
            "timeout",
            "concurrency",
            "failOnError"
        };

        protected BulkChangeBuilderDescriptor() {
            for (String field : STEP_FIELDS) {
                addHelpFileRedirect(field, PauseFineTunesStep.class, field);
            }
        }

        /** e.g. "Wait until paused". */
        @NonNull
        public abstract String getWaitTitle();
    }
}
