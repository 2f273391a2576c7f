package io.jenkins.plugins.finetune.emulator;

import java.util.Set;

/**
 * The status strings the emulator uses. Kept as strings, not an enum, because the service treats
 * status as an open set (the v1 spec lists six values, real pause responses add pausing/paused/resuming).
 */
final class JobStatus {
    static final String VALIDATING_FILES = "validating_files";
    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String PAUSING = "pausing";
    static final String PAUSED = "paused";
    static final String RESUMING = "resuming";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    static final Set<String> ALL =
            Set.of(VALIDATING_FILES, QUEUED, RUNNING, PAUSING, PAUSED, RESUMING, SUCCEEDED, FAILED, CANCELLED);

    private JobStatus() {}

    static boolean isTerminal(String status) {
        return SUCCEEDED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }
}
