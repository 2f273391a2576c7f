package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.RequestGate;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests a bulk operation keeps in flight, learnt from the answers: additive increase,
 * multiplicative decrease (AIMD, as TCP congestion control). It starts at {@link #INITIAL}, grows by
 * one per clean answer (doubling per round trip) until the first throttled answer, then by one per
 * round trip. A 429 or 503 halves it, once per round trip: answers to requests sent before the last
 * cut are echoes of the same overload, not news. They do say how large it was, though: as they come
 * in, the limit follows the share of them that got through, if that is lower than half (after a
 * burst allowance runs out, most of a round trip sent at full speed is refused at once, and halving
 * again and again would cost a round trip of refusals each time). Never above the maximum, never
 * below 1.
 *
 * <p>Attempts throttled with a {@code Retry-After} are retried, after it and behind this gate, until
 * the client's time budget runs out rather than after a fixed number of attempts: a job is not failed
 * because the resource asked it to wait.
 */
final class AdaptiveConcurrency implements RequestGate {

    /** Where the limit starts: the fixed default of earlier versions. */
    static final int INITIAL = 8;

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private double limit;
    private int inFlight;
    private boolean slowStart = true;
    private long lastCutNanos = System.nanoTime();
    /** The limit before the last cut (0: none, or its echoes are over) and how the answers sent before it fared. */
    private double limitBeforeCut;

    private int echoes;
    private int echoesThrottled;
    private int peak;
    private int cuts;
    private int throttled;

    AdaptiveConcurrency(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("concurrency: must be at least 1, got " + max);
        }
        this.max = max;
        this.limit = Math.min(INITIAL, max);
        this.peak = (int) limit;
    }

    @Override
    public long enter() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= (int) limit) {
                slotFreed.await();
            }
            inFlight++;
            return System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** @param sentNanos the ticket {@link #enter()} returned: when the request was admitted */
    @Override
    public void exit(long sentNanos, int status) {
        lock.lock();
        try {
            // Grow only when the limit was what held us back; an idle limit proves nothing.
            boolean wasFull = inFlight >= (int) limit;
            inFlight--;
            boolean echo = sentNanos - lastCutNanos <= 0;
            if (echo) {
                learnFromEcho(status);
            } else {
                limitBeforeCut = 0; // a fresh answer: the round trip of echoes is over
            }
            if (RequestGate.isThrottling(status)) {
                throttled++;
                if (!echo) {
                    cut();
                }
            } else if (isClean(status) && wasFull && !echo) {
                grow();
            }
            for (int free = (int) limit - inFlight; free > 0; free--) {
                slotFreed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void cut() {
        limitBeforeCut = limit;
        echoes = 0;
        echoesThrottled = 0;
        limit = Math.max(1, limit / 2);
        slowStart = false;
        lastCutNanos = System.nanoTime();
        cuts++;
    }

    /** Slow start: one more per clean answer; afterwards 1/limit per answer, one more per round trip. */
    private void grow() {
        limit = Math.min(max, limit + (slowStart ? 1 : 1 / limit));
        peak = Math.max(peak, (int) limit);
    }

    /** Keeps the limit at the share of the cut round trip that got through, when that is below half. */
    private void learnFromEcho(int status) {
        if (limitBeforeCut == 0 || status == NO_ANSWER) {
            return;
        }
        echoes++;
        echoesThrottled += RequestGate.isThrottling(status) ? 1 : 0;
        double through = limitBeforeCut * (echoes - echoesThrottled) / echoes;
        limit = Math.max(1, Math.min(limitBeforeCut / 2, through));
    }

    /** Throttled attempts wait for a slot under the reduced limit, so they may be retried until the time budget ends. */
    @Override
    public boolean pacesThrottledRetries() {
        return true;
    }

    /** Answered without a sign of overload (a 4xx such as 409 is the job's state, not the server's load). */
    private static boolean isClean(int status) {
        return status >= 200 && status < 500 && status != 408 && status != 429;
    }

    /** The current limit on requests in flight. */
    int limit() {
        lock.lock();
        try {
            return (int) limit;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What throttling did, e.g. {@code Azure throttled 40 answers: concurrency cut back 12 times, now 9 (peak 64, at
     * most 64)}; {@code null} when nothing was throttled, since the concurrency's workings then tell a reader nothing.
     */
    String summary() {
        lock.lock();
        try {
            if (throttled == 0) {
                return null;
            }
            return "Azure throttled " + throttled + (throttled == 1 ? " answer" : " answers")
                    + ": concurrency cut back " + cuts + (cuts == 1 ? " time" : " times") + ", now " + (int) limit
                    + " (peak " + peak + ", at most " + max + ")";
        } finally {
            lock.unlock();
        }
    }
}
