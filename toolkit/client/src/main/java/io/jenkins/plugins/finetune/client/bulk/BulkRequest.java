package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.Durations;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A change to apply to every selected job, and how: concurrency, dry run, waiting. Immutable.
 *
 * <p>By default the concurrency is adaptive: it starts at 8 requests in flight, grows while answers
 * come back clean and is cut back on 429/503, never above {@link #concurrency()}. With
 * {@code adaptive(false)} exactly {@code concurrency} jobs are handled at once.
 */
public final class BulkRequest {

    /** The default upper bound: adaptive concurrency may grow this far (as many as the default pool has connections). */
    public static final int DEFAULT_CONCURRENCY = 64;

    public static final int MAX_CONCURRENCY = 64;

    /** The default cap on a selection: the most jobs one bulk change selects (and keeps in memory and on disk). */
    public static final int DEFAULT_MAX_JOBS = 100_000;

    /**
     * A listing reads at most this many times {@link #maxJobs()} jobs, matching or not: a listing that answers
     * {@code has_more: true} for ever must end too, and a resource's history is rarely ten times its selection.
     */
    public static final int LISTED_PER_SELECTED = 10;

    private final JobChange change;
    private final JobSelector selector;
    private final int concurrency;
    private final boolean adaptive;
    private final boolean dryRun;
    private final boolean waitForFinalStatus;
    private final Duration timeout;
    private final Duration pollInterval;
    private final int pageSize;
    private final int maxJobs;

    private BulkRequest(Builder b) {
        this.change = b.change;
        this.selector = b.selector;
        this.concurrency = b.concurrency;
        this.adaptive = b.adaptive;
        this.dryRun = b.dryRun;
        this.waitForFinalStatus = b.waitForFinalStatus;
        this.timeout = b.timeout;
        this.pollInterval = b.pollInterval;
        this.pageSize = b.pageSize;
        this.maxJobs = b.maxJobs;
        if (selector.jobIds().size() > maxJobs) {
            throw new IllegalArgumentException(
                    "jobIds: " + selector.jobIds().size() + " ids given; one bulk change takes at most " + maxJobs);
        }
    }

    public static Builder builder(JobChange change, JobSelector selector) {
        return new Builder(change, selector);
    }

    public JobChange change() {
        return change;
    }

    public JobSelector selector() {
        return selector;
    }

    /** The most jobs handled at once: the bound of adaptive concurrency, or the fixed number. */
    public int concurrency() {
        return concurrency;
    }

    /** True (the default) when concurrency adapts to the answers below {@link #concurrency()}. */
    public boolean adaptive() {
        return adaptive;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public boolean waitForFinalStatus() {
        return waitForFinalStatus;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public int pageSize() {
        return pageSize;
    }

    /** The most jobs the selection may hold; beyond it the selection stops ({@link SelectionRefusedException}). */
    public int maxJobs() {
        return maxJobs;
    }

    /** The most jobs a listing reads, matching or not: {@link #LISTED_PER_SELECTED} times {@link #maxJobs()}. */
    public int maxListed() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxJobs * LISTED_PER_SELECTED);
    }

    /** The statuses that select a listed job: the selector's, else the change's eligible status. */
    Set<JobStatus> selectedStatuses() {
        if (!selector.statuses().isEmpty()) {
            return selector.statuses();
        }
        return change.eligibleFrom() == null ? Set.of() : Set.of(change.eligibleFrom());
    }

    boolean statusSelected(JobStatus status) {
        Set<JobStatus> statuses = selectedStatuses();
        if (statuses.isEmpty()) {
            return status != null && !status.isTerminal();
        }
        return status != null && statuses.contains(status);
    }

    JobChangeRequest requestFor(String jobId) {
        return JobChangeRequest.builder(change, jobId)
                .failIfNotEligible(false)
                .waitForFinalStatus(waitForFinalStatus)
                .timeout(timeout)
                .pollInterval(pollInterval)
                .build();
    }

    @Override
    public String toString() {
        return "BulkRequest[" + change + " " + selector + ", concurrency=" + (adaptive ? "adaptive up to " : "fixed ")
                + concurrency + ", dryRun=" + dryRun + ", wait=" + waitForFinalStatus + ", maxJobs=" + maxJobs + "]";
    }

    public static final class Builder {
        private final JobChange change;
        private final JobSelector selector;
        private int concurrency = DEFAULT_CONCURRENCY;
        private boolean adaptive = true;
        private boolean dryRun;
        private boolean waitForFinalStatus;
        private Duration timeout = JobChangeRequest.DEFAULT_TIMEOUT;
        private Duration pollInterval = Duration.ofSeconds(5);
        private int pageSize = 100;
        private int maxJobs = DEFAULT_MAX_JOBS;

        private Builder(JobChange change, JobSelector selector) {
            this.change = Objects.requireNonNull(change, "change");
            this.selector = Objects.requireNonNull(selector, "selector");
        }

        /** The most jobs handled at once, 1..{@value #MAX_CONCURRENCY} (default {@value #DEFAULT_CONCURRENCY}). */
        public Builder concurrency(int value) {
            if (value < 1 || value > MAX_CONCURRENCY) {
                throw new IllegalArgumentException(
                        "concurrency: must be between 1 and " + MAX_CONCURRENCY + ", got " + value);
            }
            this.concurrency = value;
            return this;
        }

        /** False: handle exactly {@link #concurrency(int)} jobs at once, whatever the answers. Default true. */
        public Builder adaptive(boolean value) {
            this.adaptive = value;
            return this;
        }

        /** Report what would happen without sending any state-changing request. */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public Builder waitForFinalStatus(boolean value) {
            this.waitForFinalStatus = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive("timeout", value);
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = Durations.requirePositive("pollInterval", value);
            return this;
        }

        public Builder pageSize(int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException("pageSize: must be between 1 and 100, got " + value);
            }
            this.pageSize = value;
            return this;
        }

        /** The most jobs the selection may hold (default {@value #DEFAULT_MAX_JOBS}); at least 1. */
        public Builder maxJobs(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxJobs: must be at least 1, got " + value);
            }
            this.maxJobs = value;
            return this;
        }

        public BulkRequest build() {
            return new BulkRequest(this);
        }
    }
}
