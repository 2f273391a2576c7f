package io.jenkins.plugins.finetune.emulator;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every request received, most recent {@value #KEPT} kept (a benchmark sends millions), counted in full.
 * Lock-free so that recording never serialises concurrent requests.
 */
final class RequestLog {
    static final int KEPT = 100_000;

    private final Deque<RecordedRequest> recent = new ConcurrentLinkedDeque<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();

    void add(RecordedRequest request) {
        recent.addLast(request);
        count.incrementAndGet();
        if (kept.incrementAndGet() > KEPT && recent.pollFirst() != null) {
            kept.decrementAndGet();
        }
    }

    List<RecordedRequest> snapshot() {
        return List.copyOf(new ArrayList<>(recent));
    }

    int count() {
        return count.get();
    }

    void clear() {
        recent.clear();
        kept.set(0);
        count.set(0);
    }
}
