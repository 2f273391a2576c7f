package io.jenkins.plugins.finetune.client;

import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Makes blocking requests answer to {@link Thread#interrupt()}.
 *
 * <p>Classic socket reads ignore interrupts, so a Jenkins build abort would otherwise wait for the
 * response timeout. A daemon thread looks at the threads with a request in flight every
 * {@value #CHECK_MILLIS} ms and cancels the request of any that has been interrupted, which closes
 * its connection and unblocks the read. Registering costs a map put and remove per request.
 */
final class InterruptWatchdog implements Closeable {

    static final long CHECK_MILLIS = 25;

    private final Map<Cancellable, Thread> inFlight = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService checker;

    void register(Cancellable request) {
        startIfNeeded();
        inFlight.put(request, Thread.currentThread());
    }

    void unregister(Cancellable request) {
        inFlight.remove(request);
    }

    private void startIfNeeded() {
        if (checker == null) {
            synchronized (this) {
                if (checker == null) {
                    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "foundry-fine-tuning-interrupt-watchdog");
                        thread.setDaemon(true);
                        return thread;
                    });
                    timer.scheduleWithFixedDelay(
                            this::cancelInterrupted, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    checker = timer;
                }
            }
        }
    }

    private void cancelInterrupted() {
        inFlight.forEach((request, thread) -> {
            if (thread.isInterrupted()) {
                request.cancel();
            }
        });
    }

    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }
}
