package io.jenkins.plugins.finetune.client;

/** No usable answer came back: connection refused or reset, DNS, TLS, or a timeout, after retries. */
public class FineTuningTransportException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    public FineTuningTransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No answer: the network or the server may be back at the next attempt. */
    @Override
    public boolean isTransient() {
        return true;
    }
}
