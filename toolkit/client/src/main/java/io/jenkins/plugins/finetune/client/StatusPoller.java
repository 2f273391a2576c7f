package io.jenkins.plugins.finetune.client;

import java.util.function.Function;

/** Polls a job until {@link WaitOptions#isDone} says so or the timeout passes. */
final class StatusPoller {

    private final Function<String, FineTuningJob> read;
    private final HttpPipeline.Sleeper sleeper;

    StatusPoller(Function<String, FineTuningJob> read, HttpPipeline.Sleeper sleeper) {
        this.read = read;
        this.sleeper = sleeper;
    }

    FineTuningJob await(String jobId, WaitOptions options) {
        long started = System.nanoTime();
        long timeoutNanos = options.timeout().toNanos();
        long interval = options.pollInterval().toMillis();
        long maxInterval = options.maxPollInterval().toMillis();
        while (true) {
            FineTuningJob job = read.apply(jobId);
            options.eachPoll().accept(job);
            if (options.isDone(job.status())) {
                return job;
            }
            long remainingMillis = (timeoutNanos - (System.nanoTime() - started)) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new FineTuningWaitTimeoutException(
                        "Timed out after " + Durations.describe(options.timeout())
                                + " waiting for fine-tuning job '" + jobId + "' to reach " + options.targets()
                                + "; its last status was '" + job.status() + "'.",
                        job);
            }
            try {
                sleeper.sleep(Math.min(interval, remainingMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FineTuningInterruptedException(
                        "Interrupted while waiting for fine-tuning job '" + jobId + "'; its last status was '"
                                + job.status() + "'",
                        job);
            }
            interval = Math.min(maxInterval, interval + interval / 2);
        }
    }
}
