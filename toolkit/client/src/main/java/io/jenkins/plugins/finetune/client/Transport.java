package io.jenkins.plugins.finetune.client;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where one HTTP exchange is made. The client's retries, hold-backs, error mapping and statuses stay in this JVM; a
 * transport only sends one request and reads its answer. {@link HttpClientTransport} does so from this JVM; a
 * transport of the caller's may do it elsewhere, e.g. from a Jenkins agent inside the resource's network.
 *
 * <p>An {@link IOException} means no answer was had; the client retries it as it would a failed connection, by its
 * type (a {@link java.net.ConnectException} or {@link java.net.SocketTimeoutException} is transient).
 */
public interface Transport extends Closeable {

    /** Sends {@code request} once; never follows a redirect; reads at most {@link ExchangeRequest#maxResponseBytes()}. */
    ExchangeResponse exchange(ExchangeRequest request) throws IOException;

    /** Releases what the transport holds (connections); the default holds nothing. */
    @Override
    default void close() throws IOException {}
}
