package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def job = pauseFineTune(jobId: 'ftjob-abc', apiVersion: 'v1')}: pauses an Azure AI Foundry
 * fine-tuning job and returns the {@code fine_tuning.job} as a map with the API's field names
 * ({@code job.status}, {@code job.fine_tuned_model}, {@code job.hyperparameters.n_epochs}).
 */
public class PauseFineTuneStep extends Step {

    private final String jobId;
    private String apiVersion;
    private String credentialsId;
    private String endpoint;
    private boolean wait;
    private int timeout = JobChangeSettings.DEFAULT_TIMEOUT_SECONDS;
    private boolean failIfNotRunning = true;

    @DataBoundConstructor
    public PauseFineTuneStep(@NonNull String jobId) {
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

    /** {@code v1}, {@code preview} or a dated version; blank: the global default, else {@code v1}. */
    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (API key), Azure service principal or managed identity; blank: the global default. */
    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    /** e.g. {@code https://my-resource.openai.azure.com}; blank: the global default. */
    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    public boolean isWait() {
        return wait;
    }

    /** Wait until the job is {@code paused} (or terminal) instead of returning at {@code pausing}. */
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

    public boolean isFailIfNotRunning() {
        return failIfNotRunning;
    }

    /** {@code false}: a job that is already paused or finished is returned as it is instead of failing. */
    @DataBoundSetter
    public void setFailIfNotRunning(boolean failIfNotRunning) {
        this.failIfNotRunning = failIfNotRunning;
    }

    JobChangeSettings settings(@NonNull String effectiveJobId) {
        return new JobChangeSettings(
                JobChange.PAUSE, effectiveJobId, apiVersion, credentialsId, endpoint, wait, timeout, failIfNotRunning);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, settings(jobId));
    }

    /** Runs off the CPS VM thread; aborting the build interrupts it, which the client turns into an abort. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient JobChangeSettings settings;

        Execution(@NonNull StepContext context, @NonNull JobChangeSettings settings) {
            super(context);
            this.settings = settings;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            LinkedHashMap<String, Object> job =
                    JobChangeInvocation.run(settings, run, listener).job().toMap();
            return job;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "pauseFineTune";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
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
    }
}
