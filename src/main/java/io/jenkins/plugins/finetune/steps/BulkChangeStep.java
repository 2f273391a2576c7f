package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.execution.BulkInvocation;
import io.jenkins.plugins.finetune.execution.BulkSettings;
import io.jenkins.plugins.finetune.execution.FoundryTarget;
import io.jenkins.plugins.finetune.execution.JobChangeSettings;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.FormAccess;
import io.jenkins.plugins.finetune.forms.SelectionText;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code pauseFineTunes(...)} and {@code resumeFineTunes(...)}: change every job a selector (or an id list)
 * picks, concurrently, and return one map per job ({@code id}, {@code outcome}, {@code status},
 * {@code error}). The arguments are those of docs/scheduled-pauses.md; {@link BulkInvocation} runs them.
 */
public abstract class BulkChangeStep extends SelectorStep {

    private String jobIds;
    private boolean dryRun;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    private int concurrency = BulkRequest.DEFAULT_CONCURRENCY;
    private boolean failOnError = true;

    /** Explicit ids, comma- or blank-separated (in Pipeline code also a list). */
    @CheckForNull
    public String getJobIds() {
        return jobIds;
    }

    @DataBoundSetter
    public void setJobIds(@CheckForNull String jobIds) {
        this.jobIds = SelectionText.wordsOrNull(jobIds);
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

    BulkSettings settings(FoundryTarget target) {
        return new BulkSettings(
                getStatus(),
                getSuffix(),
                getSuffixRegex(),
                getModel(),
                getMetadata(),
                jobIds,
                dryRun,
                wait,
                timeout,
                concurrency,
                failOnError,
                target.credentialsId(),
                target.endpoint(),
                target.apiVersion(),
                target.resource());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, this);
    }

    /** Runs off the CPS VM thread; aborting the build interrupts it and, through the client, every worker. */
    static final class Execution extends SynchronousNonBlockingStepExecution<ArrayList<LinkedHashMap<String, Object>>> {

        @Serial
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(
                value = "SE_TRANSIENT_FIELD_NOT_RESTORED",
                justification = "Only used while the step runs: a synchronous execution does not resume after a "
                        + "restart (its onResume fails the step), so nothing here is read after deserialization.")
        private final transient BulkChangeStep step;

        Execution(@NonNull StepContext context, @NonNull BulkChangeStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected ArrayList<LinkedHashMap<String, Object>> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            return new ArrayList<>(
                    BulkInvocation.run(step.change(), step.settings(step.target(getContext())), run, listener)
                            .toMaps());
        }
    }

    /** Form handling shared by the bulk steps. */
    public abstract static class BulkChangeStepDescriptor extends SelectorStepDescriptor {

        /** e.g. "Wait until paused" (the configuration form is shared with the freestyle build steps). */
        @NonNull
        public abstract String getWaitTitle();

        @POST
        public FormValidation doCheckJobIds(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("jobIds", value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkTimeout(value));
        }

        @POST
        public FormValidation doCheckConcurrency(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkBulkArgument("concurrency", value));
        }
    }
}
