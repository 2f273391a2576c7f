package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.io.Serial;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The durable execution of the read-only steps ({@code fineTuneJob}, {@code fineTuneJobs}): the read runs on the
 * plugin's call pool, off the CPS VM thread, and a restart or crash during it simply reads again, since reading
 * changes nothing. Subclasses keep what the read needs (ids and texts, never a secret) in serializable fields.
 */
@Restricted(NoExternalUse.class)
public abstract class ReadExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    protected ReadExecution(@NonNull StepContext context) {
        super(context);
    }

    /** What the step returns. */
    protected abstract Object read() throws Exception;

    /** Completes "reading …" in the log, e.g. {@code fine-tuning job 'ftjob-abc'}. */
    @NonNull
    protected abstract String what();

    @Override
    public final boolean start() {
        submit(() -> succeed(null, read()));
        return false;
    }

    @Override
    public final void onResume() {
        log(Messages.ReadExecution_Resumed(what()));
        submit(() -> succeed(null, read()));
    }

    @Override
    final boolean recordsJobs() {
        return false;
    }

    @Override
    public final String getStatus() {
        return Messages.StepStatus_Reading(what());
    }
}
