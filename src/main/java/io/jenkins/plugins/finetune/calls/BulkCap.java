package io.jenkins.plugins.finetune.calls;

import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The administrator's cap on one bulk selection, for the bulk change and its waits (which sit above the
 * configuration's layer and reach it through this one, as they reach the connection settings).
 */
@Restricted(NoExternalUse.class)
public final class BulkCap {

    private BulkCap() {}

    /** {@link FoundryFineTuningConfiguration#getMaxBulkJobs()} now. */
    public static int maxJobs() {
        return FoundryFineTuningConfiguration.get().getMaxBulkJobs();
    }
}
