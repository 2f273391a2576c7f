package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.Durations;
import io.jenkins.plugins.finetune.client.JobIds;
import java.time.Duration;
import java.util.Objects;

/**
 * What a pipeline step asked for: which change, on which job, whether a job that is not eligible
 * fails the step, and whether to wait for the final status. Immutable.
 */
public final class JobChangeRequest {

    /** Default wait: pausing a job normally takes minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private final JobChange change;
    private final String jobId;
    private final boolean failIfNotEligible;
    private final boolean waitForFinalStatus;
    private final Duration timeout;
    private final Duration pollInterval;

    private JobChangeRequest(Builder b) {
        this.change = b.change;
        this.jobId = b.jobId;
        this.failIfNotEligible = b.failIfNotEligible;
        this.waitForFinalStatus = b.waitForFinalStatus;
        this.timeout = b.timeout;
        this.pollInterval = b.pollInterval;
    }

    /** @throws IllegalArgumentException naming {@code jobId} when it is not a valid job id */
    public static Builder builder(JobChange change, String jobId) {
        return new Builder(change, JobIds.requireValid(jobId));
    }

    public JobChange change() {
        return change;
    }

    public String jobId() {
        return jobId;
    }

    /** True (the default): a job in another state fails with its status. False: it is returned as it is. */
    public boolean failIfNotEligible() {
        return failIfNotEligible;
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

    @Override
    public String toString() {
        return "JobChangeRequest[" + change + " " + jobId + ", failIfNotEligible=" + failIfNotEligible + ", wait="
                + waitForFinalStatus + ", timeout=" + timeout + "]";
    }

    public static final class Builder {
        private final JobChange change;
        private final String jobId;
        private boolean failIfNotEligible = true;
        private boolean waitForFinalStatus;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration pollInterval = Duration.ofSeconds(5);

        private Builder(JobChange change, String jobId) {
            this.change = Objects.requireNonNull(change, "change");
            this.jobId = jobId;
        }

        public Builder failIfNotEligible(boolean value) {
            this.failIfNotEligible = value;
            return this;
        }

        public Builder waitForFinalStatus(boolean value) {
            this.waitForFinalStatus = value;
            return this;
        }

        /** How long to wait for the final status; only used when waiting. */
        public Builder timeout(Duration value) {
            this.timeout = Durations.requirePositive("timeout", value);
            return this;
        }

        /** First interval between status polls while waiting (it backs off from there). */
        public Builder pollInterval(Duration value) {
            this.pollInterval = Durations.requirePositive("pollInterval", value);
            return this;
        }

        public JobChangeRequest build() {
            return new JobChangeRequest(this);
        }
    }
}
