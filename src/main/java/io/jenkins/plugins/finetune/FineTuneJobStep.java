package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import java.io.Serial;
import java.util.LinkedHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def job = fineTuneJob(jobId: 'ftjob-abc')}: reads one fine-tuning job and returns it as a map with
 * the API's field names ({@code job.status}, {@code job.fine_tuned_model}, ...). Read-only.
 */
public class FineTuneJobStep extends FoundryStep {

    private final String jobId;

    @DataBoundConstructor
    public FineTuneJobStep(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, jobId, getEndpoint(), getApiVersion(), getCredentialsId());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<LinkedHashMap<String, Object>> {

        @Serial
        private static final long serialVersionUID = 1L;

        private final transient String jobId;
        private final transient String endpoint;
        private final transient String apiVersion;
        private final transient String credentialsId;

        Execution(StepContext context, String jobId, String endpoint, String apiVersion, String credentialsId) {
            super(context);
            this.jobId = jobId;
            this.endpoint = endpoint;
            this.apiVersion = apiVersion;
            this.credentialsId = credentialsId;
        }

        @Override
        protected LinkedHashMap<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            return FoundryCall.run(
                    endpoint,
                    apiVersion,
                    credentialsId,
                    run,
                    "read fine-tuning job '" + jobId + "'",
                    client -> client.get(jobId).toMap());
        }
    }

    @Extension
    public static final class DescriptorImpl extends FoundryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "fineTuneJob";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FineTuneJobStep_DisplayName();
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return Forms.ifCanConfigure(item, () -> Forms.checkJobId(value));
        }
    }
}
