package io.jenkins.plugins.finetune.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT, or SIGTERM) stops the JVM without interrupting the command's thread, so a
 * {@code --wait} would end without a word. This shutdown hook interrupts the command instead and gives
 * it a moment to report, through the ordinary interrupted path, which jobs it leaves in which status.
 */
final class InterruptOnExit implements AutoCloseable {

    /** Long enough to print a few lines, short enough that a second Ctrl-C is not needed. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private InterruptOnExit(Thread command) {
        this.hook = new Thread(
                () -> {
                    command.interrupt();
                    try {
                        finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "foundry-fine-tuning-cli-interrupt");
    }

    /** Interrupts the calling thread when the JVM is asked to stop, until {@link #close()}. */
    static InterruptOnExit forCurrentThread() {
        InterruptOnExit guard = new InterruptOnExit(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** The command has finished (and reported): the hook, if running, may let the JVM go. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C came: the hook is running and returns now that the command has reported.
        }
    }
}
