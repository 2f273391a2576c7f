package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import java.io.Serial;
import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What one job change (pause; later resume, cancel) asks for, as the user wrote it: blank values fall
 * back to the global configuration when it runs. Built by both {@link io.jenkins.plugins.finetune.steps.PauseFineTuneStep} and
 * {@link io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder}, so both go through {@link JobChangeInvocation} the same way.
 */
@Restricted(NoExternalUse.class)
public final class JobChangeSettings implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Default for {@code timeout}: how long {@code wait: true} waits, in seconds (the client's default). */
    public static final int DEFAULT_TIMEOUT_SECONDS = (int) JobChangeRequest.DEFAULT_TIMEOUT.toSeconds();

    private final JobChange change;
    private final String jobId;
    private final FoundryTarget target;
    private final boolean waitForFinalStatus;
    private final int timeoutSeconds;
    private final boolean failIfNotEligible;
    /**
     * Whether the wait prints the job's new events. Added after 1.0's fixtures were saved: a wait saved without it
     * loads it as {@code false} and goes on as it began, printing none.
     */
    private final boolean events;

    public JobChangeSettings(
            @NonNull JobChange change,
            @NonNull String jobId,
            @NonNull FoundryTarget target,
            boolean waitForFinalStatus,
            int timeoutSeconds,
            boolean failIfNotEligible,
            boolean events) {
        this.change = change;
        this.jobId = jobId;
        this.target = target;
        this.waitForFinalStatus = waitForFinalStatus;
        this.timeoutSeconds = timeoutSeconds;
        this.failIfNotEligible = failIfNotEligible;
        this.events = events;
    }

    @NonNull
    public JobChange change() {
        return change;
    }

    @NonNull
    public String jobId() {
        return jobId;
    }

    /** Where to call, as named (see {@link FoundryCall}). */
    @NonNull
    public FoundryTarget target() {
        return target;
    }

    public boolean waitForFinalStatus() {
        return waitForFinalStatus;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public boolean failIfNotEligible() {
        return failIfNotEligible;
    }

    /** Whether a wait prints the job's new events while it waits. */
    public boolean events() {
        return events;
    }

    /** The same change, answered as soon as Azure accepts it (the Pipeline step waits on its own). */
    @NonNull
    public JobChangeSettings withoutWait() {
        return new JobChangeSettings(change, jobId, target(), false, timeoutSeconds, failIfNotEligible, events);
    }
}
