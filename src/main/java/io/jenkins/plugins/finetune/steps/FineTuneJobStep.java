package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.JobReadExecution;
import java.util.LinkedHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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
        return new JobReadExecution(
                context,
                target(context),
                jobId,
                Messages.FineTuneJobStep_Job(jobId),
                Messages.FineTuneJobStep_ReadJob(jobId),
                ReadJob.JOB);
    }

    /** The job as a map. */
    private enum ReadJob implements JobReadExecution.Read {
        JOB;

        @Override
        public LinkedHashMap<String, Object> read(FineTuningClient client, String jobId, Run<?, ?> run) {
            return client.get(jobId).toMap();
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
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }
    }
}
