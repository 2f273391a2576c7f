package io.jenkins.plugins.finetune.client;

/** No token could be obtained from the configured Microsoft Entra ID token source. */
public class FineTuningAuthenticationException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    public FineTuningAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
