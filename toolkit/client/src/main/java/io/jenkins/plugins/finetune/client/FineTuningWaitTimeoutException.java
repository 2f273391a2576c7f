package io.jenkins.plugins.finetune.client;

/** A wait for a job status ran out of time; carries the job as last seen. */
public class FineTuningWaitTimeoutException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    private final transient FineTuningJob lastSeen;

    public FineTuningWaitTimeoutException(String message, FineTuningJob lastSeen) {
        super(message);
        this.lastSeen = lastSeen;
    }

    /** The job as the last poll returned it. */
    public FineTuningJob lastSeen() {
        return lastSeen;
    }

    /** The status the job had at the last poll. */
    public JobStatus lastStatus() {
        return lastSeen == null ? null : lastSeen.status();
    }
}
