package io.jenkins.plugins.finetune.builders;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.changes.BulkInvocation;
import io.jenkins.plugins.finetune.steps.BulkChangeStep;
import java.io.IOException;

/**
 * The freestyle "selector" build steps: the arguments of {@code pauseFineTunes} / {@code resumeFineTunes} (held as
 * that step), run by the same {@link BulkInvocation}, with {@code ${VAR}} expansion. Metadata is typed as
 * {@code key=value} lines, ids and statuses as comma- or blank-separated words. The build page lists every job
 * touched; with "fail on error" any failed job makes the build fail. Needs no workspace.
 */
public abstract class BulkChangeBuilder extends FoundryBuilder {

    private final BulkChangeStep step;

    protected BulkChangeBuilder(@NonNull BulkChangeStep step) {
        this.step = step;
    }

    @NonNull
    @Override
    public BulkChangeStep getStep() {
        return step;
    }

    @Override
    protected void run(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        BulkInvocation.run(step.change(), step.settings(target(run)).expand(env), step.isEvents(), run, listener);
    }
}
