package io.jenkins.plugins.finetune.client;

/**
 * The server's latest "retry after": once any answer carries one, every request of the client waits
 * it out, not only the one that was told, so many threads do not keep hammering a throttled resource.
 * The latest hint wins: it is the server's most recent word on its load.
 */
final class HoldBack {

    /** A deadline no call has to wait for. */
    static final long NONE = Long.MIN_VALUE;

    private volatile long untilNanos = NONE;

    /** Holds every request back for {@code millis} from now; returns the new deadline. */
    long holdFor(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        untilNanos = until;
        return until;
    }

    /** The current deadline ({@link System#nanoTime()} scale), or {@link #NONE}. */
    long deadline() {
        return untilNanos;
    }

    /** Milliseconds until {@code deadline}, rounded up; 0 when it has passed. */
    static long millisUntil(long deadline) {
        if (deadline == NONE) {
            return 0;
        }
        long nanos = deadline - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }
}
