package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one rule of every wait for failed polls: trouble that may pass ({@link FoundryCallException#isTransient()}) is
 * said once per streak and polled through until the deadline; anything else ends the wait. Used by the durable
 * executions and the freestyle build steps' wait alike. Not thread-safe: one wait polls one poll at a time.
 */
@Restricted(NoExternalUse.class)
public final class PollTrouble {

    @CheckForNull
    private String streak;

    /**
     * Rethrows a failure that cannot get better; a transient one is said once per streak.
     *
     * @param what e.g. {@code Reading fine-tuning job ftjob-abc}
     */
    public void rideOut(@NonNull FoundryCallException failure, @NonNull String what, @NonNull Consumer<String> log)
            throws FoundryCallException {
        if (!failure.isTransient()) {
            throw failure;
        }
        if (streak == null) {
            streak = failure.getMessage();
            log.accept(Messages.PollTrouble_Failed(what, streak));
        }
    }

    /** A poll answered: a streak of trouble, if any, is over (said once). */
    public void answered(@NonNull String what, @NonNull Consumer<String> log) {
        if (streak != null) {
            streak = null;
            log.accept(Messages.PollTrouble_Answered(what));
        }
    }

    /** What a timeout message adds about the current streak: empty without one. */
    @NonNull
    public String timeoutSuffix() {
        return streak == null ? "" : Messages.PollTrouble_LastPollsFailed(streak);
    }
}
