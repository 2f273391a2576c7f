package io.jenkins.plugins.finetune;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;

/**
 * What one job change (pause; later resume, cancel) asks for, as the user wrote it: blank values fall
 * back to the global configuration when it runs. Built by both {@link PauseFineTuneStep} and
 * {@link PauseFineTuneBuilder}, so both go through {@link JobChangeInvocation} the same way.
 */
final class JobChangeSettings {

    /** Default for {@code timeout}: how long {@code wait: true} waits, in seconds (the client's default). */
    static final int DEFAULT_TIMEOUT_SECONDS = (int) JobChangeRequest.DEFAULT_TIMEOUT.toSeconds();

    private final JobChange change;
    private final String jobId;
    private final String apiVersion;
    private final String credentialsId;
    private final String endpoint;
    private final boolean waitForFinalStatus;
    private final int timeoutSeconds;
    private final boolean failIfNotEligible;

    JobChangeSettings(
            @NonNull JobChange change,
            @NonNull String jobId,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId,
            @CheckForNull String endpoint,
            boolean waitForFinalStatus,
            int timeoutSeconds,
            boolean failIfNotEligible) {
        this.change = change;
        this.jobId = jobId;
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
        this.waitForFinalStatus = waitForFinalStatus;
        this.timeoutSeconds = timeoutSeconds;
        this.failIfNotEligible = failIfNotEligible;
    }

    @NonNull
    JobChange change() {
        return change;
    }

    @NonNull
    String jobId() {
        return jobId;
    }

    @CheckForNull
    String apiVersion() {
        return apiVersion;
    }

    @CheckForNull
    String credentialsId() {
        return credentialsId;
    }

    @CheckForNull
    String endpoint() {
        return endpoint;
    }

    boolean waitForFinalStatus() {
        return waitForFinalStatus;
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    boolean failIfNotEligible() {
        return failIfNotEligible;
    }
}
