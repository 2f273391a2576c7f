package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.ReadExecution;
import java.io.IOException;
import java.io.Serial;
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
        return new Execution(context, this);
    }

    static final class Execution extends ReadExecution {

        @Serial
        private static final long serialVersionUID = 1L;

        private final String jobId;
        private final FoundryTarget target;

        Execution(StepContext context, FineTuneJobStep step) throws IOException, InterruptedException {
            super(context);
            this.jobId = step.getJobId();
            this.target = step.target(context);
        }

        @Override
        protected LinkedHashMap<String, Object> read() throws Exception {
            return FoundryCall.run(
                    target,
                    run(),
                    listener(),
                    "read " + what(),
                    client -> client.get(jobId).toMap());
        }

        @Override
        protected FoundryTarget callTarget() {
            return target;
        }

        @NonNull
        @Override
        protected String what() {
            return "fine-tuning job '" + jobId + "'";
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
