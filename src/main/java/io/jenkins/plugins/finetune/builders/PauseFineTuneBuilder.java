package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneEnvironmentAction;
import io.jenkins.plugins.finetune.changes.JobChangeInvocation;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.client.ops.JobEnvironment;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.IOException;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Freestyle build step "Pause an Azure AI Foundry fine-tuning job": the arguments of {@link PauseFineTuneStep} (held
 * as that step) and the same execution path ({@link JobChangeInvocation}), plus {@code ${VAR}} expansion in the job
 * id and the {@code FINE_TUNE_*} environment variables for the steps that follow. Needs no workspace.
 */
public class PauseFineTuneBuilder extends FoundryBuilder {

    private final PauseFineTuneStep step;

    /** {@code step}: the arguments of {@code pauseFineTune}; {@code null} (Job DSL without a block): no job id. */
    @DataBoundConstructor
    public PauseFineTuneBuilder(@CheckForNull PauseFineTuneStep step) {
        this.step = step == null ? new PauseFineTuneStep("") : step;
    }

    @NonNull
    @Override
    public PauseFineTuneStep getStep() {
        return step;
    }

    @Override
    protected void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        String jobId = step.getJobId();
        String expandedJobId = Util.fixEmptyAndTrim(env.expand(jobId));
        if (expandedJobId == null) {
            throw new AbortException("jobId: is required; '" + jobId + "' expanded to an empty value");
        }
        JobChangeSettings settings = new JobChangeSettings(
                JobChange.PAUSE,
                expandedJobId,
                target(run).expand(env),
                step.isWait(),
                step.getTimeout(),
                step.isFailIfNotRunning(),
                step.isEvents());
        JobChangeResult result = JobChangeInvocation.run(settings, run, listener, null);
        run.addOrReplaceAction(new FineTuneEnvironmentAction(JobEnvironment.of(result.job())));
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (pauseFineTuneBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            super(PauseFineTuneStep.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PauseFineTuneBuilder_DisplayName();
        }
    }
}
