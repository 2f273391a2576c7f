package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.client.ops.JobEnvironment;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
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
public class PauseFineTuneBuilder extends Builder implements SimpleBuildStep {

    private final String jobId;
    private String apiVersion;
    private String credentialsId;
    private String endpoint;
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

    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
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
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public BuildStepMonitor getRequiredMonitorService() {
        return BuildStepMonitor.NONE;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        String expandedJobId = Util.fixEmptyAndTrim(env.expand(jobId));
        if (expandedJobId == null) {
            throw new AbortException("jobId: is required; '" + jobId + "' expanded to an empty value");
        }
        JobChangeSettings settings = new JobChangeSettings(
                JobChange.PAUSE,
                expandedJobId,
                env.expand(apiVersion),
                credentialsId,
                env.expand(endpoint),
                wait,
                timeout,
                failIfNotRunning);
        JobChangeResult result = JobChangeInvocation.run(settings, run, listener);
        run.addOrReplaceAction(new FineTuneEnvironmentAction(JobEnvironment.of(result.job())));
    }

    @Extension
    @Symbol("pauseFineTuneJob")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneBuilder_DisplayName();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return Forms.fillCredentialsIdItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Forms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Forms.checkCredentialsId(item, value, false);
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Forms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Forms.checkJobId(value);
        }

        @POST
        public FormValidation doCheckEndpoint(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Forms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Forms.checkEndpoint(value, true);
        }

        @POST
        public FormValidation doCheckApiVersion(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Forms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Forms.checkApiVersion(value);
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Forms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Forms.checkTimeout(value);
        }

        /** "Test connection" on a job's configuration page: needs permission to configure that job. */
        @POST
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String endpoint,
                @QueryParameter String credentialsId,
                @QueryParameter String apiVersion) {
            if (item == null) {
                jenkins.model.Jenkins.get().checkPermission(jenkins.model.Jenkins.ADMINISTER);
            } else {
                item.checkPermission(Item.CONFIGURE);
            }
            FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
            return Forms.testConnection(
                    item,
                    endpoint,
                    credentialsId,
                    apiVersion,
                    global.getConnectTimeoutSeconds(),
                    global.getResponseTimeoutSeconds());
        }
    }
}
