package io.jenkins.plugins.finetune.client;

/**
 * The calling thread was interrupted (in Jenkins: the build was aborted) while a request, a retry
 * delay or a wait was in progress. The thread's interrupt flag is set again before this is thrown.
 */
public class FineTuningInterruptedException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    public FineTuningInterruptedException(String message) {
        super(message);
    }
}
