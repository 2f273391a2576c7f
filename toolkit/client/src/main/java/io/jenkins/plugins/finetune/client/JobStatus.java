package io.jenkins.plugins.finetune.client;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A fine-tuning job status. This is an open set: Azure documents {@code validating_files, queued,
 * running, succeeded, failed, cancelled}, answers {@code pausing, paused, resuming} in practice, and
 * may add more; any string is kept as it came.
 */
public final class JobStatus {

    public static final JobStatus VALIDATING_FILES = new JobStatus("validating_files");
    public static final JobStatus QUEUED = new JobStatus("queued");
    public static final JobStatus RUNNING = new JobStatus("running");
    public static final JobStatus PAUSING = new JobStatus("pausing");
    public static final JobStatus PAUSED = new JobStatus("paused");
    public static final JobStatus RESUMING = new JobStatus("resuming");
    public static final JobStatus SUCCEEDED = new JobStatus("succeeded");
    public static final JobStatus FAILED = new JobStatus("failed");
    public static final JobStatus CANCELLED = new JobStatus("cancelled");

    /** Every status this client knows, in lifecycle order. */
    public static final List<JobStatus> KNOWN =
            List.of(VALIDATING_FILES, QUEUED, RUNNING, PAUSING, PAUSED, RESUMING, SUCCEEDED, FAILED, CANCELLED);

    private final String value;

    private JobStatus(String value) {
        this.value = value;
    }

    /** The status for a string as Azure sends it; unknown strings are kept as they are. */
    public static JobStatus of(String value) {
        Objects.requireNonNull(value, "value");
        return new JobStatus(value.trim());
    }

    /** True for one of {@link #KNOWN}; Azure may still send others. */
    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    public String value() {
        return value;
    }

    /** Succeeded, failed or cancelled: nothing will change any more. */
    public boolean isTerminal() {
        return is(SUCCEEDED) || is(FAILED) || is(CANCELLED);
    }

    public boolean isPaused() {
        return is(PAUSED);
    }

    public boolean isRunning() {
        return is(RUNNING);
    }

    /** Pausing or paused: a pause has been accepted. */
    public boolean isPausingOrPaused() {
        return is(PAUSING) || is(PAUSED);
    }

    private boolean is(JobStatus other) {
        return equals(other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobStatus that && value.equalsIgnoreCase(that.value);
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
