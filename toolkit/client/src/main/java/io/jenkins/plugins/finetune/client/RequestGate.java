package io.jenkins.plugins.finetune.client;

/**
 * Admits each HTTP attempt a client sends, retries included, and hears how it ended: how a bulk
 * operation bounds and adapts the number of requests in flight (see
 * {@link FineTuningClient#withRequestGate(RequestGate)}). Called from many threads at once.
 */
public interface RequestGate {

    /** The status passed to {@link #exit} when no answer came (connection failure, interrupt). */
    int NO_ANSWER = -1;

    /** Admits everything at once and learns nothing. */
    RequestGate OPEN = new RequestGate() {
        @Override
        public long enter() {
            return System.nanoTime();
        }

        @Override
        public void exit(long ticket, int status) {
            // nothing to track
        }
    };

    /** 429 (rate limit) or 503 (overloaded): the answers by which a resource asks for fewer requests. */
    static boolean isThrottling(int status) {
        return status == 429 || status == 503;
    }

    /**
     * True when this gate paces requests by the throttling it hears: then an attempt throttled with a
     * {@code Retry-After} is retried for as long as the time budget
     * ({@link HttpOptions#maxRetryDuration()}) allows, not at most {@link HttpOptions#maxRetries()}
     * times, since the gate, not the retry count, keeps the load down. False by default.
     */
    default boolean pacesThrottledRetries() {
        return false;
    }

    /**
     * Blocks until one more request may be sent.
     *
     * @return a ticket to hand back to {@link #exit} (e.g. the {@link System#nanoTime()} of admission)
     */
    long enter() throws InterruptedException;

    /**
     * The request admitted with {@code ticket} has ended.
     *
     * @param status its HTTP status, or {@link #NO_ANSWER}
     */
    void exit(long ticket, int status);
}
