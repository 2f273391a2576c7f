package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FineTuningResponse;
import io.jenkins.plugins.finetune.client.JobStatus;

/** A state change a pipeline can ask for, with what "already done" and "finished" mean for each. */
public enum JobChange {
    /** running → pausing → paused. */
    PAUSE("pause", "paused", JobStatus.RUNNING, JobStatus.PAUSED),
    /** paused → resuming → running. */
    RESUME("resume", "resumed", JobStatus.PAUSED, JobStatus.RUNNING),
    /** any non-terminal status → cancelled. */
    CANCEL("cancel", "cancelled", null, JobStatus.CANCELLED);

    private final String verb;
    private final String pastTense;
    private final JobStatus eligibleFrom;
    private final JobStatus finalStatus;

    JobChange(String verb, String pastTense, JobStatus eligibleFrom, JobStatus finalStatus) {
        this.verb = verb;
        this.pastTense = pastTense;
        this.eligibleFrom = eligibleFrom;
        this.finalStatus = finalStatus;
    }

    public String verb() {
        return verb;
    }

    public String pastTense() {
        return pastTense;
    }

    /** The status a job must have for Azure to accept the change; {@code null}: any non-terminal one. */
    public JobStatus eligibleFrom() {
        return eligibleFrom;
    }

    /** The status the change ends in; waiting stops there (or at any terminal status). */
    public JobStatus finalStatus() {
        return finalStatus;
    }

    /** True when waiting on this change is over: the job reached the change's final status, or finished. */
    public boolean isSettled(JobStatus status) {
        return status.isTerminal() || status.equals(finalStatus);
    }

    /** True when the job is eligible for this change. */
    public boolean isEligible(JobStatus status) {
        if (status == null) {
            return false;
        }
        return eligibleFrom == null ? !status.isTerminal() : eligibleFrom.equals(status);
    }

    /** True when the job is already where this change leads, or on its way there. */
    public boolean isAlreadyDone(JobStatus status) {
        if (status == null) {
            return false;
        }
        return switch (this) {
            case PAUSE -> status.isPausingOrPaused();
            case RESUME -> status.equals(JobStatus.RESUMING);
            case CANCEL -> status.equals(JobStatus.CANCELLED);
        };
    }

    FineTuningResponse<FineTuningJob> send(FineTuningClient client, String jobId) {
        return switch (this) {
            case PAUSE -> client.pauseWithResponse(jobId);
            case RESUME -> client.resumeWithResponse(jobId);
            case CANCEL -> client.cancelWithResponse(jobId);
        };
    }
}
