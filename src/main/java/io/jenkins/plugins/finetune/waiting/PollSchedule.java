package io.jenkins.plugins.finetune.waiting;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * How often waits poll, the same for every wait of the plugin: the first poll a second after the change, each
 * next one half as long again, at most every 30 seconds (as {@code waitUntil} backs off), so that hundreds of
 * waiting builds stay cheap.
 */
@Restricted(NoExternalUse.class)
public final class PollSchedule {

    public static final long FIRST_POLL_MILLIS = 1_000;

    public static final long MAX_POLL_MILLIS = 30_000;

    private PollSchedule() {}

    /** The next poll interval after {@code previous}: half as long again, at most {@link #MAX_POLL_MILLIS}. */
    public static long next(long previous) {
        return Math.min(MAX_POLL_MILLIS, previous + previous / 2);
    }
}
