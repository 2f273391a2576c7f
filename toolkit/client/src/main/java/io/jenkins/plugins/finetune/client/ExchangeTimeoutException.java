package io.jenkins.plugins.finetune.client;

import java.net.SocketTimeoutException;

/**
 * One exchange ran past {@link HttpOptions#exchangeTimeout()} and was cancelled, however steadily the server was
 * still sending: a timeout, so the client retries it within its retry budget and reports it as a transient network
 * failure. The message says how long the exchange was allowed ("did not finish within 120 s").
 */
public class ExchangeTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    public ExchangeTimeoutException(String message) {
        super(message);
    }
}
