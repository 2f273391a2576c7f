package io.jenkins.plugins.finetune.benchmarks;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Reads the emulator's requests in flight and its count of 429 answers every 10 ms on a daemon
 * thread, for the chart of concurrency over time; {@link #stop()} returns
 * {@code millis,in_flight,throttled} lines.
 */
final class ConcurrencySampler {

    static final long PERIOD_MILLIS = 10;

    private final IntSupplier inFlight;
    private final LongSupplier throttled;
    private final StringBuilder csv = new StringBuilder("millis,in_flight,throttled\n");
    private final Thread thread;
    private volatile boolean running = true;

    private ConcurrencySampler(IntSupplier inFlight, LongSupplier throttled) {
        this.inFlight = inFlight;
        this.throttled = throttled;
        this.thread = new Thread(this::sample, "concurrency-sampler");
        this.thread.setDaemon(true);
    }

    static ConcurrencySampler start(IntSupplier inFlight, LongSupplier throttled) {
        ConcurrencySampler sampler = new ConcurrencySampler(inFlight, throttled);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        long started = System.nanoTime();
        while (running) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            synchronized (csv) {
                csv.append(millis)
                        .append(',')
                        .append(inFlight.getAsInt())
                        .append(',')
                        .append(throttled.getAsLong())
                        .append('\n');
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    String stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (csv) {
            return csv.toString();
        }
    }
}
