package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import java.io.Serial;
import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What one {@code waitForFineTune} (or its freestyle build step) asks for: the job, where to call (ids, never a
 * secret), what to wait for, how long, and whether the job's events go to the build log. Saved with a durable
 * step's state.
 *
 * @param timeoutSeconds how long the wait lasts at most (positive)
 * @param events whether the job's new events are printed while waiting
 */
@Restricted(NoExternalUse.class)
public record WaitSettings(
        @NonNull String jobId,
        @NonNull FoundryTarget target,
        @NonNull WaitTarget until,
        int timeoutSeconds,
        boolean events)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How long a wait lasts when no timeout is given, in seconds: as the other waits. */
    public static final int DEFAULT_TIMEOUT_SECONDS = (int) JobChangeRequest.DEFAULT_TIMEOUT.toSeconds();
}
