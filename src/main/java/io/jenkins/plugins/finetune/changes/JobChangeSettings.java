package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import java.io.Serial;
import java.io.Serializable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What one job change (pause; later resume, cancel) asks for, as the user wrote it: blank values fall
 * back to the global configuration when it runs. Built by both {@link io.jenkins.plugins.finetune.steps.PauseFineTuneStep} and
 * {@link io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder}, so both go through {@link JobChangeInvocation} the same way.
 */
@Restricted(NoExternalUse.class)
public final class JobChangeSettings implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Default for {@code timeout}: how long {@code wait: true} waits, in seconds (the client's default). */
    public static final int DEFAULT_TIMEOUT_SECONDS = (int) JobChangeRequest.DEFAULT_TIMEOUT.toSeconds();

    private final JobChange change;
    private final String jobId;
    private final String apiVersion;
    private final String credentialsId;
    private final String endpoint;
    private final String resource;
    // Where the calls are made; null in settings saved before callFrom existed: as the resource says, else here.
    private final CallFrom callFrom;
    private final String agent;
    private final boolean waitForFinalStatus;
    private final int timeoutSeconds;
    private final boolean failIfNotEligible;

    public JobChangeSettings(
            @NonNull JobChange change,
            @NonNull String jobId,
            @NonNull FoundryTarget target,
            boolean waitForFinalStatus,
            int timeoutSeconds,
            boolean failIfNotEligible) {
        this.change = change;
        this.jobId = jobId;
        this.apiVersion = target.apiVersion();
        this.credentialsId = target.credentialsId();
        this.endpoint = target.endpoint();
        this.resource = target.resource();
        this.callFrom = target.callFrom();
        this.agent = target.agent();
        this.waitForFinalStatus = waitForFinalStatus;
        this.timeoutSeconds = timeoutSeconds;
        this.failIfNotEligible = failIfNotEligible;
    }

    @NonNull
    public JobChange change() {
        return change;
    }

    @NonNull
    public String jobId() {
        return jobId;
    }

    @CheckForNull
    public String apiVersion() {
        return apiVersion;
    }

    @CheckForNull
    public String credentialsId() {
        return credentialsId;
    }

    @CheckForNull
    public String endpoint() {
        return endpoint;
    }

    /** Resource, endpoint, api-version, credentials and callFrom as named, and the node (see {@link FoundryCall}). */
    @NonNull
    public FoundryTarget target() {
        return new FoundryTarget(resource, endpoint, apiVersion, credentialsId, callFrom, agent);
    }

    public boolean waitForFinalStatus() {
        return waitForFinalStatus;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public boolean failIfNotEligible() {
        return failIfNotEligible;
    }

    /** The same change, answered as soon as Azure accepts it (the Pipeline step waits on its own). */
    @NonNull
    public JobChangeSettings withoutWait() {
        return new JobChangeSettings(change, jobId, target(), false, timeoutSeconds, failIfNotEligible);
    }
}
