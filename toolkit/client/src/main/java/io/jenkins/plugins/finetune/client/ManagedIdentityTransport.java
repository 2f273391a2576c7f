package io.jenkins.plugins.finetune.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One connection to a managed identity endpoint, for the attempts of one token request, then closed.
 *
 * <p>Never through a proxy: the endpoint is on the machine itself (or its link-local address), and a proxy would
 * see the {@code X-IDENTITY-HEADER} secret and the token. No system properties are read, so a JVM-wide
 * {@code http.proxyHost} does not apply either. Redirects are not followed, so the secret header goes nowhere else.
 */
final class ManagedIdentityTransport implements Closeable {

    /** A token answer is a few kilobytes; anything much larger is not one. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    /** What came back: status, body (at most {@link #MAX_BODY_BYTES}), and the retry hint in ms or -1. */
    record Answer(int status, byte[] body, String contentType, long retryAfterMillis) {}

    private final CloseableHttpClient http;
    private final InterruptWatchdog watchdog = InterruptWatchdog.SHARED;

    ManagedIdentityTransport(java.time.Duration connectTimeout, java.time.Duration responseTimeout) {
        BasicHttpClientConnectionManager connections = new BasicHttpClientConnectionManager();
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(responseTimeout))
                .build());
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setRoutePlanner(new DefaultRoutePlanner(null)) // direct, whatever the JVM's proxy settings
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(UserAgent.of(null))
                .build();
    }

    /**
     * One GET; interruptible (the shared watchdog cancels it when the thread is interrupted).
     *
     * @throws IOException when no answer came; {@link ResponseTooLarge} when the body is over the cap
     */
    Answer get(URI uri, Map<String, String> headers) throws IOException {
        HttpGet request = new HttpGet(uri);
        request.setHeader("Accept", "application/json");
        headers.forEach(request::setHeader);
        watchdog.register(request);
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            byte[] body = read(response.getEntity(), request);
            return new Answer(
                    response.getCode(),
                    body,
                    value(response.getFirstHeader("Content-Type")),
                    RetryPolicy.retryAfterMillis(
                            null, value(response.getFirstHeader("Retry-After")), System.currentTimeMillis()));
        } catch (IOException | RuntimeException failure) {
            if (request.isCancelled() && !(failure instanceof ResponseTooLarge)) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        } finally {
            watchdog.unregister(request);
        }
    }

    private static byte[] read(HttpEntity entity, HttpGet request) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > MAX_BODY_BYTES) {
            request.cancel();
            throw new ResponseTooLarge();
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                request.cancel(); // do not drain the rest
                throw new ResponseTooLarge();
            }
            return body;
        }
    }

    private static String value(Header header) {
        return header == null ? null : header.getValue();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** The body was over {@link #MAX_BODY_BYTES}: not a token answer, and not worth another attempt. */
    static final class ResponseTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        ResponseTooLarge() {
            super("the answer was over " + MAX_BODY_BYTES + " bytes");
        }
    }
}
