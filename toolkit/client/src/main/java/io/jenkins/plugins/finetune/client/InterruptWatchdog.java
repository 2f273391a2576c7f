package io.jenkins.plugins.finetune.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Makes blocking requests answer to {@link Thread#interrupt()}.
 *
 * <p>Classic socket reads ignore interrupts, so a Jenkins build abort would otherwise wait for the
 * response timeout. A check looks at the threads with a request in flight every {@value #CHECK_MILLIS} ms
 * and cancels the request of any that has been interrupted, which closes its connection and unblocks the
 * read. Registering costs a map put and remove per request.
 *
 * <p>One watchdog ({@link #SHARED}) serves every client of the JVM, on one daemon thread: the check
 * reschedules itself only while a request is in flight, and the thread ends after {@link #IDLE_THREAD_KEEP_ALIVE}
 * without one. Hundreds of clients and calls thus cost no thread of their own.
 */
final class InterruptWatchdog {

    static final long CHECK_MILLIS = 25;

    /** How long the thread outlives the last request in flight (a new request then starts a new one). */
    static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofSeconds(30);

    static final String THREAD_NAME = "foundry-fine-tuning-interrupt-watchdog";

    /** The one every {@link HttpPipeline} uses. */
    static final InterruptWatchdog SHARED = new InterruptWatchdog(IDLE_THREAD_KEEP_ALIVE, THREAD_NAME);

    private final Map<Cancellable, Thread> inFlight = new ConcurrentHashMap<>();
    /** Whether a check is scheduled; at most one ever is. */
    private final AtomicBoolean checking = new AtomicBoolean();

    private final ScheduledThreadPoolExecutor scheduler;

    InterruptWatchdog(Duration keepAlive, String threadName) {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // No thread while nothing is scheduled: the core thread times out and the next schedule starts one.
        scheduler.setKeepAliveTime(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.allowCoreThreadTimeOut(true);
    }

    void register(Cancellable request) {
        inFlight.put(request, Thread.currentThread());
        if (checking.compareAndSet(false, true)) {
            scheduleCheck();
        }
    }

    void unregister(Cancellable request) {
        inFlight.remove(request);
    }

    /** Requests being watched now. */
    int inFlight() {
        return inFlight.size();
    }

    private void scheduleCheck() {
        scheduler.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            inFlight.forEach((request, thread) -> {
                if (thread.isInterrupted()) {
                    request.cancel();
                }
            });
        } finally {
            if (!inFlight.isEmpty()) {
                scheduleCheck();
            } else {
                checking.set(false);
                // A request registered between the isEmpty above and the set saw checking still true and
                // scheduled nothing: whoever wins this race schedules the next check.
                if (!inFlight.isEmpty() && checking.compareAndSet(false, true)) {
                    scheduleCheck();
                }
            }
        }
    }
}
