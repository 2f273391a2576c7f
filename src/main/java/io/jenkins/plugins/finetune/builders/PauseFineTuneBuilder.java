package io.jenkins.plugins.finetune.builders;

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
import io.jenkins.plugins.finetune.changes.JobChangeInvocation;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.client.ops.JobEnvironment;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.IOException;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Freestyle build step "Pause an Azure AI Foundry fine-tuning job": the same fields and the same
 * execution path as {@link PauseFineTuneStep}, plus {@code ${VAR}} expansion in the job id and the
 * {@code FINE_TUNE_*} environment variables for the steps that follow. Needs no workspace.
 */
public class PauseFineTuneBuilder extends FoundryBuilder {

    private final String jobId;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    private boolean failIfNotRunning = true;

    @DataBoundConstructor
    public PauseFineTuneBuilder(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
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

    public boolean isFailIfNotRunning() {
        return failIfNotRunning;
    }

    @DataBoundSetter
    public void setFailIfNotRunning(boolean failIfNotRunning) {
        this.failIfNotRunning = failIfNotRunning;
    }

    @Override
    protected void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        String expandedJobId = Util.fixEmptyAndTrim(env.expand(jobId));
        if (expandedJobId == null) {
            throw new AbortException("jobId: is required; '" + jobId + "' expanded to an empty value");
        }
        JobChangeSettings settings = new JobChangeSettings(
                JobChange.PAUSE, expandedJobId, target(run).expand(env), wait, timeout, failIfNotRunning);
        JobChangeResult result = JobChangeInvocation.run(settings, run, listener, null);
        run.addOrReplaceAction(new FineTuneEnvironmentAction(JobEnvironment.of(result.job())));
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (pauseFineTuneBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            for (String field : new String[] {"jobId", "wait", "timeout", "failIfNotRunning"}) {
                addHelpFileRedirect(field, PauseFineTuneStep.class, field); // one help text for step and build step
            }
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneBuilder_DisplayName();
        }

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
