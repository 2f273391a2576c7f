package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningTransportException;

/** What each exit code means, and which failure maps to which. */
final class ExitCodes {

    static final int OK = 0;
    /** An unexpected failure (a bug): picocli's own "software" code. */
    static final int SOFTWARE = 1;

    static final int USAGE = 2;
    static final int API_ERROR = 3;
    static final int NETWORK = 4;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    static int of(Throwable failure) {
        if (failure instanceof UsageException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof FineTuningInterruptedException) {
            return INTERRUPTED;
        }
        if (failure instanceof FineTuningTransportException) {
            return NETWORK;
        }
        if (failure instanceof FineTuningException) {
            // FineTuningApiException, FineTuningWaitTimeoutException, FineTuningAuthenticationException
            return API_ERROR;
        }
        return SOFTWARE;
    }
}
