package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one durable execution of the steps that read one fine-tuning job ({@code fineTuneJob}, {@code fineTuneEvents},
 * {@code fineTuneCheckpoints}): one call to the step's target, in which the step's {@link Read} reads the job.
 * Everything is saved with the execution in {@code program.dat}, so a restart during the read reads again.
 */
@Restricted(NoExternalUse.class)
public final class JobReadExecution extends ReadExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * What one step reads of the job, with the client of the call. Saved in {@code program.dat} by JBoss
     * Marshalling: an enum or a named class with plain fields (a limit; never a secret), not a lambda, whose serial
     * form the JVM does not promise.
     */
    public interface Read extends Serializable {

        /** What the step returns. */
        Object read(@NonNull FineTuningClient client, @NonNull String jobId, @NonNull Run<?, ?> run)
                throws IOException, InterruptedException;
    }

    private final FoundryTarget target;
    private final String jobId;
    private final String what;
    private final String call;
    private final Read read;

    /**
     * @param what completes "reading …" in the log, e.g. {@code fine-tuning job 'ftjob-abc'}
     * @param call completes "Could not …" when the call fails, e.g. {@code read fine-tuning job 'ftjob-abc'}
     */
    public JobReadExecution(
            @NonNull StepContext context,
            @NonNull FoundryTarget target,
            @NonNull String jobId,
            @NonNull String what,
            @NonNull String call,
            @NonNull Read read) {
        super(context);
        this.target = target;
        this.jobId = jobId;
        this.what = what;
        this.call = call;
        this.read = read;
    }

    @Override
    protected Object read() throws Exception {
        Run<?, ?> run = run();
        return FoundryCall.run(target, run, listener(), call, client -> read.read(client, jobId, run));
    }

    @Override
    protected FoundryTarget callTarget() {
        return target;
    }

    @NonNull
    @Override
    protected String what() {
        return what;
    }
}
