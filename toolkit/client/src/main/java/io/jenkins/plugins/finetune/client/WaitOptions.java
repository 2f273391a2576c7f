package io.jenkins.plugins.finetune.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What {@link FineTuningClient#waitForStatus} waits for: target statuses (a terminal status always
 * ends the wait too), a timeout, and polling that starts at {@code pollInterval} and backs off
 * by half again each poll up to {@code maxPollInterval}. Immutable.
 */
public final class WaitOptions {

    private final Set<JobStatus> targets;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Duration maxPollInterval;
    private final Consumer<FineTuningJob> eachPoll;

    private WaitOptions(Set<JobStatus> targets, Duration timeout, Duration pollInterval, Duration maxPollInterval) {
        this(targets, timeout, pollInterval, maxPollInterval, job -> {});
    }

    private WaitOptions(
            Set<JobStatus> targets,
            Duration timeout,
            Duration pollInterval,
            Duration maxPollInterval,
            Consumer<FineTuningJob> eachPoll) {
        this.targets = Set.copyOf(targets);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.maxPollInterval = maxPollInterval;
        this.eachPoll = eachPoll;
    }

    /** Wait for any of these statuses, 30 minutes at most, polling from every 2 s up to every 30 s. */
    public static WaitOptions until(JobStatus... targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("targets: name at least one status to wait for");
        }
        return new WaitOptions(
                Arrays.stream(targets).map(Objects::requireNonNull).collect(Collectors.toSet()),
                Duration.ofMinutes(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    public WaitOptions timeout(Duration value) {
        return new WaitOptions(
                targets, Durations.requirePositive("timeout", value), pollInterval, maxPollInterval, eachPoll);
    }

    public WaitOptions pollInterval(Duration value) {
        Duration poll = Durations.requirePositive("pollInterval", value);
        return new WaitOptions(
                targets, timeout, poll, maxPollInterval.compareTo(poll) < 0 ? poll : maxPollInterval, eachPoll);
    }

    public WaitOptions maxPollInterval(Duration value) {
        Duration max = Durations.requirePositive("maxPollInterval", value);
        return new WaitOptions(targets, timeout, pollInterval.compareTo(max) > 0 ? max : pollInterval, max, eachPoll);
    }

    /**
     * Called with the job as each poll read it, before the wait decides whether it is over (on the waiting thread):
     * for a front end that shows more while it waits, such as the job's new events. Its exceptions end the wait.
     */
    public WaitOptions eachPoll(Consumer<FineTuningJob> value) {
        return new WaitOptions(targets, timeout, pollInterval, maxPollInterval, Objects.requireNonNull(value));
    }

    public Consumer<FineTuningJob> eachPoll() {
        return eachPoll;
    }

    public Set<JobStatus> targets() {
        return targets;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration maxPollInterval() {
        return maxPollInterval;
    }

    /** True when the wait is over for this status: a target, or terminal. */
    public boolean isDone(JobStatus status) {
        return status != null && (targets.contains(status) || status.isTerminal());
    }

    @Override
    public String toString() {
        return "WaitOptions[targets=" + targets + ", timeout=" + timeout + ", pollInterval=" + pollInterval
                + ", maxPollInterval=" + maxPollInterval + "]";
    }
}
