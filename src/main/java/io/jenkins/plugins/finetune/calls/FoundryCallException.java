package io.jenkins.plugins.finetune.calls;

import hudson.AbortException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A call to Azure that failed, with the message a build shows (never a secret) and whether trying again a little
 * later may succeed ({@link io.jenkins.plugins.finetune.client.FineTuningException#isTransient()}): a wait with a
 * distant deadline rides out such trouble instead of failing the build.
 */
@Restricted(NoExternalUse.class)
public final class FoundryCallException extends AbortException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    FoundryCallException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    /** A network failure, a timeout, or Azure's 408, 429 or 5xx, after the client's own retries. */
    public boolean isTransient() {
        return transientFailure;
    }
}
