package io.jenkins.plugins.finetune.client;

/**
 * Base of every error this client raises. The message is written for the person reading a build
 * log: what failed and what to do about it. It never contains a secret.
 */
public class FineTuningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FineTuningException(String message, Throwable cause) {
        super(message, cause);
    }

    public FineTuningException(String message) {
        super(message);
    }

    /**
     * Whether the same request may well succeed a little later (a network failure, a timeout, or Azure's
     * 408, 429 and 5xx answers), after the client's own retries gave up. A caller that waits anyway, such as
     * a poll with a distant deadline, may keep trying; any other error will not get better by itself.
     */
    public boolean isTransient() {
        return false;
    }
}
