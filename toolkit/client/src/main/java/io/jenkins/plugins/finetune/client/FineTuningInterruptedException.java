package io.jenkins.plugins.finetune.client;

/**
 * The calling thread was interrupted (in Jenkins: the build was aborted) while a request, a retry
 * delay or a wait was in progress. The thread's interrupt flag is set again before this is thrown.
 */
public class FineTuningInterruptedException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    private final transient FineTuningJob lastSeen;

    public FineTuningInterruptedException(String message) {
        this(message, null);
    }

    /** @param lastSeen the job as last read before the interruption (during a wait), or {@code null} */
    public FineTuningInterruptedException(String message, FineTuningJob lastSeen) {
        super(message);
        this.lastSeen = lastSeen;
    }

    /** The status the job had when a wait was interrupted, or {@code null} when no wait was under way. */
    public JobStatus lastStatus() {
        return lastSeen == null ? null : lastSeen.status();
    }
}
