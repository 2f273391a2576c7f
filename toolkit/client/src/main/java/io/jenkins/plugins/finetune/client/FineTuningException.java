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
}
