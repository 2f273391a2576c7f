package io.jenkins.plugins.finetune.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue of one-shot faults: each request takes the oldest fault that matches it, if any.
 *
 * <pre>{@code
 * emu.faults().next(Fault.status(503).header("Retry-After", "1"));
 * emu.faults().next(3, Fault.status(429).header("retry-after-ms", "10"));
 * emu.faults().next(Fault.resetConnection().onlyFor("POST", "/pause"));
 * }</pre>
 */
public final class Faults {
    private final List<Fault> queue = new ArrayList<>();

    Faults() {}

    /** Queues a fault for the next matching request. */
    public synchronized Faults next(Fault fault) {
        queue.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Queues the same fault for the next {@code times} matching requests. */
    public synchronized Faults next(int times, Fault fault) {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        for (int i = 0; i < times; i++) {
            next(fault);
        }
        return this;
    }

    /** Faults not yet used. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Drops every queued fault. */
    public synchronized void clear() {
        queue.clear();
    }

    synchronized Optional<Fault> take(String method, String path) {
        for (Iterator<Fault> it = queue.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.matches(method, path)) {
                it.remove();
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
