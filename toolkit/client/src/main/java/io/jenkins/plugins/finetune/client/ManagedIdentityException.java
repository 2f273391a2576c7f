package io.jenkins.plugins.finetune.client;

/**
 * A managed identity gave no token: no managed identity endpoint answered, it refused the request, or its answer
 * was unusable. The message says which and what to check; it never holds the token or the
 * {@code IDENTITY_HEADER} value.
 */
public class ManagedIdentityException extends FineTuningAuthenticationException {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * @param message what failed and what to check, with no secret in it
     * @param transientFailure whether the endpoint may well answer a later attempt (it was throttled, updating or
     *     failing with 5xx after the retries), as opposed to a setup problem that will not heal by itself
     * @param cause the I/O failure behind it, or {@code null}
     */
    public ManagedIdentityException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    @Override
    public boolean isTransient() {
        return transientFailure;
    }
}
