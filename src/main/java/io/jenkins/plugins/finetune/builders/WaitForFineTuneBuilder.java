package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneEnvironmentAction;
import io.jenkins.plugins.finetune.changes.BulkText;
import io.jenkins.plugins.finetune.changes.WaitInvocation;
import io.jenkins.plugins.finetune.changes.WaitSettings;
import io.jenkins.plugins.finetune.changes.WaitTarget;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.ops.JobEnvironment;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.SelectionText;
import io.jenkins.plugins.finetune.forms.UntilField;
import io.jenkins.plugins.finetune.steps.WaitForFineTuneStep;
import java.io.IOException;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Freestyle build step "Wait for an Azure AI Foundry fine-tuning job to reach a status": the fields, rules and
 * messages of {@link WaitForFineTuneStep}, on the build's executor, plus {@code ${VAR}} expansion in the job id and
 * {@code until}, and the {@code FINE_TUNE_*} environment variables of the job as it was at the end of the wait.
 */
public class WaitForFineTuneBuilder extends FoundryBuilder {

    private final String jobId;
    private String until;
    private int timeout = WaitSettings.DEFAULT_TIMEOUT_SECONDS;
    private boolean events = true;
    private boolean allowUnknownStatus;

    @DataBoundConstructor
    public WaitForFineTuneBuilder(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    @CheckForNull
    public String getUntil() {
        return until;
    }

    @DataBoundSetter
    public void setUntil(@CheckForNull String until) {
        this.until = SelectionText.wordsOrNull(until);
    }

    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isEvents() {
        return events;
    }

    @DataBoundSetter
    public void setEvents(boolean events) {
        this.events = events;
    }

    public boolean isAllowUnknownStatus() {
        return allowUnknownStatus;
    }

    @DataBoundSetter
    public void setAllowUnknownStatus(boolean allowUnknownStatus) {
        this.allowUnknownStatus = allowUnknownStatus;
    }

    @Override
    protected void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        String expandedJobId = Util.fixEmptyAndTrim(env.expand(jobId));
        if (expandedJobId == null) {
            throw new AbortException("jobId: is required; '" + jobId + "' expanded to an empty value");
        }
        String problem = JobIds.problemWith(expandedJobId);
        if (problem != null) {
            throw new AbortException(problem);
        }
        if (timeout <= 0) {
            throw new AbortException("timeout: must be a positive number of seconds; got " + timeout + ".");
        }
        WaitTarget target;
        try {
            target = WaitTarget.of(BulkText.words(until == null ? null : env.expand(until)), allowUnknownStatus);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        FineTuningJob job = WaitInvocation.run(
                new WaitSettings(expandedJobId, target(run).expand(env), target, timeout, events), run, listener);
        run.addOrReplaceAction(new FineTuneEnvironmentAction(JobEnvironment.of(job)));
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (waitForFineTuneBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            for (String field : new String[] {"jobId", "until", "timeout", "events", "allowUnknownStatus"}) {
                addHelpFileRedirect(field, WaitForFineTuneStep.class, field); // one help text for step and build step
            }
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WaitForFineTuneBuilder_DisplayName();
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }

        @POST
        public FormValidation doCheckUntil(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> UntilField.check(value));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkTimeout(value));
        }
    }
}
