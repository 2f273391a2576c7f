package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.stepexecutions.JobReadExecution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def checkpoints = fineTuneCheckpoints(jobId: 'ftjob-abc')}: every checkpoint of a fine-tuning job, oldest
 * step first, each a map with the API's field names ({@code fine_tuned_model_checkpoint}, {@code step_number},
 * {@code metrics.valid_loss}, …; fields the plugin does not know are kept). Read-only; at most
 * {@value #MAX_CHECKPOINTS} checkpoints. Their metrics are charted on the build page ({@link FineTuneTrainingAction}).
 */
public class FineTuneCheckpointsStep extends FoundryStep {

    /** Most checkpoints one read lists: Azure keeps a few per job; a listing past this fails the step. */
    public static final int MAX_CHECKPOINTS = FineTuningClient.DEFAULT_MAX_CHECKPOINTS;

    private final String jobId;

    @DataBoundConstructor
    public FineTuneCheckpointsStep(@NonNull String jobId) {
        this.jobId = Util.fixNull(jobId).trim();
    }

    @NonNull
    public String getJobId() {
        return jobId;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        String problem = JobIds.problemWith(jobId);
        if (problem != null) {
            throw new AbortException(Messages.FineTuneCheckpointsStep_InvalidJobId(problem));
        }
        return new JobReadExecution(
                context,
                target(context),
                jobId,
                Messages.FineTuneCheckpointsStep_Job(jobId),
                Messages.FineTuneCheckpointsStep_ListCheckpoints(jobId),
                ReadCheckpoints.CHECKPOINTS);
    }

    /** Oldest step first, as a chart reads them; a checkpoint without a step (never seen) last. */
    static final Comparator<FineTuningCheckpoint> BY_STEP =
            Comparator.comparing(FineTuningCheckpoint::stepNumber, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Every checkpoint, oldest step first, as maps; charted on the build page too. */
    private enum ReadCheckpoints implements JobReadExecution.Read {
        CHECKPOINTS;

        @Override
        public ArrayList<LinkedHashMap<String, Object>> read(FineTuningClient client, String jobId, Run<?, ?> run) {
            List<FineTuningCheckpoint> checkpoints = new ArrayList<>(client.listAllCheckpoints(jobId, MAX_CHECKPOINTS));
            checkpoints.sort(BY_STEP); // stable: Azure's order among equal steps
            if (!Thread.currentThread().isInterrupted()) { // a stop (abort) interrupts: then nothing is recorded
                FineTuneTrainingAction.recordCheckpoints(run, jobId, checkpoints); // the chart on the build page
            }
            ArrayList<LinkedHashMap<String, Object>> maps = new ArrayList<>(checkpoints.size());
            for (FineTuningCheckpoint checkpoint : checkpoints) {
                maps.add(checkpoint.toMap());
            }
            return maps;
        }
    }

    @Extension
    public static final class DescriptorImpl extends FoundryStepDescriptor {

        @Override
        public String getFunctionName() {
            return "fineTuneCheckpoints";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FineTuneCheckpointsStep_DisplayName();
        }

        @POST
        public FormValidation doCheckJobId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkJobId(value));
        }
    }
}
