package io.jenkins.plugins.finetune.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Cancels an exchange that runs past its total deadline. Socket timeouts restart with every byte, so a server that
 * trickles its answer would otherwise hold the calling thread for as long as it likes. One daemon thread serves every
 * client of the JVM; it exists only while a deadline is pending, and a deadline met is removed at once.
 */
final class ExchangeDeadlines {

    static final String THREAD_NAME = "foundry-fine-tuning-exchange-deadline";

    static final ExchangeDeadlines SHARED = new ExchangeDeadlines();

    private final ScheduledThreadPoolExecutor scheduler;

    private ExchangeDeadlines() {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true); // a met deadline leaves nothing behind
        scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
    }

    /** One exchange's deadline: {@link #passed()} once it cancelled the request; {@link #close()} when done. */
    final class Deadline implements AutoCloseable {
        private final ScheduledFuture<?> timer;
        private volatile boolean passed;

        private Deadline(Cancellable request, Duration after) {
            timer = scheduler.schedule(
                    () -> {
                        passed = true;
                        request.cancel(); // closes the connection: the blocked read fails at once
                    },
                    after.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        boolean passed() {
            return passed;
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }

    Deadline start(Cancellable request, Duration after) {
        return new Deadline(request, after);
    }

    /** Deadlines pending now (for tests). */
    int pending() {
        return scheduler.getQueue().size();
    }
}
