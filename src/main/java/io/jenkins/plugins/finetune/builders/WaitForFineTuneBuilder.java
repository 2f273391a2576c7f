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
import io.jenkins.plugins.finetune.changes.WaitInvocation;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.ops.JobEnvironment;
import io.jenkins.plugins.finetune.steps.WaitForFineTuneStep;
import java.io.IOException;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Freestyle build step "Wait for an Azure AI Foundry fine-tuning job to reach a status": the arguments of
 * {@link WaitForFineTuneStep} (held as that step), checked by the same rules and waited for with the same polls and
 * messages on the build's executor ({@link WaitInvocation}), plus {@code ${VAR}} expansion in the job id and
 * {@code until}, and the {@code FINE_TUNE_*} environment variables of the job at the end of the wait.
 */
public class WaitForFineTuneBuilder extends FoundryBuilder {

    private final WaitForFineTuneStep step;

    /** {@code step}: the arguments of {@code waitForFineTune}; {@code null} (Job DSL without a block): no job id. */
    @DataBoundConstructor
    public WaitForFineTuneBuilder(@CheckForNull WaitForFineTuneStep step) {
        this.step = step == null ? new WaitForFineTuneStep("") : step;
    }

    @NonNull
    @Override
    public WaitForFineTuneStep getStep() {
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
        String until = step.getUntil();
        FineTuningJob job = WaitInvocation.run(
                step.settings(
                        expandedJobId,
                        until == null ? null : env.expand(until),
                        target(run).expand(env)),
                run,
                listener);
        run.addOrReplaceAction(new FineTuneEnvironmentAction(JobEnvironment.of(job)));
    }

    // No @Symbol: a Pipeline turns any symbol into a value that does nothing when called, where this build step
    // must not be offered at all; Job DSL names it by its class (waitForFineTuneBuilder).
    @Extension
    public static final class DescriptorImpl extends FoundryBuilderDescriptor {

        public DescriptorImpl() {
            super(WaitForFineTuneStep.class);
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WaitForFineTuneBuilder_DisplayName();
        }
    }
}
