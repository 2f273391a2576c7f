package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.ExchangeTimeoutException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.ManagedIdentityException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * What went wrong on the agent, as it travels back: the kind, not the exception. Jenkins' class filter refuses
 * library classes (HttpClient's exceptions) coming from an agent, and an agent must not choose which classes the
 * controller builds; so the agent names one of these kinds, and the controller rebuilds an exception of its own
 * that the client retries and reports exactly as if the failure had happened here.
 */
enum AgentFailure {
    UNKNOWN_HOST,
    NO_ROUTE,
    CONNECT_TIMEOUT,
    CONNECT,
    EXCHANGE_TIMEOUT,
    SOCKET_TIMEOUT,
    TLS,
    NO_RESPONSE,
    CONNECTION_CLOSED,
    SOCKET,
    INTERRUPTED,
    MANAGED_IDENTITY,
    MANAGED_IDENTITY_TRANSIENT,
    OTHER;

    /** On the agent: the kind of {@code failure} (most specific first). */
    @NonNull
    static AgentFailure of(@NonNull Exception failure) {
        if (failure instanceof UnknownHostException) {
            return UNKNOWN_HOST;
        } else if (failure instanceof NoRouteToHostException) {
            return NO_ROUTE;
        } else if (failure instanceof ConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        } else if (failure instanceof ConnectException) {
            return CONNECT;
        } else if (failure instanceof ExchangeTimeoutException) {
            return EXCHANGE_TIMEOUT;
        } else if (failure instanceof SocketTimeoutException) {
            return SOCKET_TIMEOUT;
        } else if (failure instanceof SSLException) {
            return TLS;
        } else if (failure instanceof NoHttpResponseException) {
            return NO_RESPONSE;
        } else if (failure instanceof ConnectionClosedException) {
            return CONNECTION_CLOSED;
        } else if (failure instanceof SocketException) {
            return SOCKET;
        } else if (failure instanceof InterruptedIOException || failure instanceof FineTuningInterruptedException) {
            return INTERRUPTED;
        } else if (failure instanceof ManagedIdentityException identity) {
            return identity.isTransient() ? MANAGED_IDENTITY_TRANSIENT : MANAGED_IDENTITY;
        }
        return OTHER;
    }

    /**
     * On the controller: the failure to throw.
     *
     * @param message the agent's message (the client's messages never hold a secret)
     * @param type the simple name of the agent's exception class, for {@link #OTHER}
     * @param trace where it happened on the agent (the client tells a stalled TLS handshake by it)
     */
    @NonNull
    Exception rebuild(String message, @NonNull String type, @NonNull StackTraceElement[] trace) {
        Exception failure =
                switch (this) {
                    case UNKNOWN_HOST -> new UnknownHostException(message);
                    case NO_ROUTE -> new NoRouteToHostException(message);
                    case CONNECT_TIMEOUT -> new ConnectTimeoutException(message);
                    case CONNECT -> new ConnectException(message);
                    case EXCHANGE_TIMEOUT -> new ExchangeTimeoutException(message);
                    case SOCKET_TIMEOUT -> new SocketTimeoutException(message);
                    case TLS -> new SSLException(message);
                    case NO_RESPONSE -> new NoHttpResponseException(message);
                    case CONNECTION_CLOSED -> new ConnectionClosedException(message);
                    case SOCKET -> new SocketException(message);
                    case INTERRUPTED -> new InterruptedIOException(message);
                    case MANAGED_IDENTITY -> new ManagedIdentityException(message, false, null);
                    case MANAGED_IDENTITY_TRANSIENT -> new ManagedIdentityException(message, true, null);
                    case OTHER -> new IOException(type + (message == null ? "" : ": " + message));
                };
        failure.setStackTrace(trace);
        return failure;
    }
}
