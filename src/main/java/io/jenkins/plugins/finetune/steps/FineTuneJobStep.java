package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.execution.FoundryCall;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.FormAccess;
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
        return new Execution(context, this);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<LinkedHashMap<String, Object>> {

        @Serial
        private static final long serialVersionUID = 1L;

        @SuppressFBWarnings(
                value = "SE_TRANSIENT_FIELD_NOT_RESTORED",
                justification = "Only used while the step runs: a synchronous execution does not resume after a "
                        + "restart (its onResume fails the step), so nothing here is read after deserialization.")
        private final transient FineTuneJobStep step;

        Execution(StepContext context, FineTuneJobStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected LinkedHashMap<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            String jobId = step.getJobId();
            return FoundryCall.run(
                    step.target(getContext()),
                    run,
                    getContext().get(TaskListener.class),
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
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }
    }
}
