package io.jenkins.plugins.finetune.emulator;

import java.util.concurrent.atomic.AtomicInteger;

/** Requests being handled now, and the most at once: what a test or benchmark reads as the client's concurrency. */
final class InFlight {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** A request has arrived; call {@link Request#answered()} before the first byte of its answer goes out. */
    Request enter() {
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        return new Request();
    }

    int now() {
        return now.get();
    }

    int peak() {
        return peak.get();
    }

    /**
     * One request, counted until it is answered: before the answer is sent, not after, since a client
     * may send its next request the moment it has the answer.
     */
    final class Request {
        private boolean answered;

        /** Idempotent; called from the one thread that handles the request. */
        void answered() {
            if (!answered) {
                answered = true;
                now.decrementAndGet();
            }
        }
    }
}
