package io.jenkins.plugins.finetune.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Exchanges from this JVM, with Apache HttpClient 5: pooled connections, the timeouts of {@link HttpOptions}, an
 * optional proxy, no redirects followed (a 3xx comes back as it is, so a credential is never replayed to another
 * host), no automatic retries (the client retries), cancellation when the calling thread is interrupted, and a total
 * deadline per exchange ({@link HttpOptions#exchangeTimeout()}) that a server trickling its answer cannot stretch.
 */
public final class HttpClientTransport implements Transport {

    private static final byte[] EMPTY = new byte[0];

    private final CloseableHttpClient http;
    private final Duration exchangeTimeout;
    private final InterruptWatchdog watchdog = InterruptWatchdog.SHARED;

    HttpClientTransport(HttpOptions options, ProxyOptions proxy, String userAgent) {
        this.http = build(options, proxy, userAgent);
        this.exchangeTimeout = options.exchangeTimeout();
    }

    /**
     * @param proxy {@code null}: connect directly
     * @param userAgentSuffix prepended to the User-Agent, as {@link FineTuningClientBuilder#userAgentSuffix}
     */
    public static HttpClientTransport create(HttpOptions options, ProxyOptions proxy, String userAgentSuffix) {
        if (userAgentSuffix != null && userAgentSuffix.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("userAgentSuffix: must not contain control characters");
        }
        return new HttpClientTransport(
                options == null ? HttpOptions.defaults() : options, proxy, UserAgent.of(userAgentSuffix));
    }

    private static CloseableHttpClient build(HttpOptions options, ProxyOptions proxy, String userAgent) {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(options.connectTimeout()))
                        .setSocketTimeout(Timeout.of(options.responseTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setMaxConnTotal(options.maxConnections())
                .setMaxConnPerRoute(options.maxConnections())
                .build();
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(options.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(options.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(userAgent);
        if (proxy != null) {
            HttpHost proxyHost = new HttpHost(proxy.host(), proxy.port());
            builder.setRoutePlanner(new DefaultRoutePlanner(null) {
                @Override
                protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                    return proxy.bypasses(target.getHostName()) ? null : proxyHost;
                }
            });
            if (proxy.username() != null) {
                // Scoped to the proxy: the Azure host never sees these credentials.
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(
                        new AuthScope(proxyHost),
                        new UsernamePasswordCredentials(
                                proxy.username(), proxy.password().toCharArray()));
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        return builder.build();
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest exchange) throws IOException {
        String method = exchange.method();
        URI uri = exchange.uri();
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setHeader("Accept", "application/json");
        if (exchange.credentialHeaderName() != null) {
            request.setHeader(exchange.credentialHeaderName(), exchange.credentialHeaderValue());
        }
        if ("POST".equals(method)) {
            // The action routes take no body; an explicit empty one sends Content-Length: 0.
            request.setEntity(new ByteArrayEntity(EMPTY, null));
        }
        watchdog.register(request);
        ExchangeResponse oversize = null; // answered, then dropped for its size: closing it may fail, which is fine
        ExchangeDeadlines.Deadline deadline = ExchangeDeadlines.SHARED.start(request, exchangeTimeout);
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            byte[] body;
            try {
                body = readCapped(response.getEntity(), request, exchange.maxResponseBytes());
            } catch (ResponseTooLargeException tooLarge) {
                request.cancel(); // drop the connection instead of draining the rest of the body
                oversize = new ExchangeResponse(
                        status,
                        requestId(response),
                        null,
                        -1,
                        header(response, "Content-Type"),
                        EMPTY,
                        Math.max(0, tooLarge.declared));
                return oversize;
            }
            return new ExchangeResponse(
                    status,
                    requestId(response),
                    header(response, "Location"),
                    RetryPolicy.retryAfterMillis(
                            firstHeader(response, "retry-after-ms", "x-ms-retry-after-ms"),
                            header(response, "Retry-After"),
                            System.currentTimeMillis()),
                    header(response, "Content-Type"),
                    body,
                    -1);
        } catch (IOException | RuntimeException failure) {
            if (oversize != null) {
                return oversize;
            }
            if (deadline.passed()) {
                ExchangeTimeoutException late = new ExchangeTimeoutException(
                        "the exchange did not finish within " + Durations.describe(exchangeTimeout)
                                + " (the exchange timeout), although the server may still have been sending");
                late.initCause(failure);
                throw late;
            }
            if (request.isCancelled()) {
                Thread.currentThread().interrupt();
                throw new FineTuningInterruptedException(
                        "Interrupted: " + method + " " + uri.getPath() + " was abandoned");
            }
            throw failure;
        } finally {
            deadline.close();
            watchdog.unregister(request);
        }
    }

    private static byte[] readCapped(HttpEntity entity, HttpUriRequestBase request, long limit) throws IOException {
        if (entity == null) {
            return EMPTY;
        }
        long declared = entity.getContentLength();
        if (declared > limit) {
            throw new ResponseTooLargeException(declared);
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return EMPTY;
            }
            if (declared >= 0) {
                // Known length (the usual case): read straight into a body-sized array, no copies.
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : java.util.Arrays.copyOf(body, read);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > limit) {
                    // Drop the connection before the stream is closed: closing a chunked stream reads it to the end.
                    request.cancel();
                    throw new ResponseTooLargeException(-1);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    private static String requestId(ClassicHttpResponse response) {
        return firstHeader(response, "apim-request-id", "x-request-id", "x-ms-request-id");
    }

    private static String firstHeader(ClassicHttpResponse response, String... names) {
        for (String name : names) {
            String value = header(response, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null || header.getValue().isBlank()
                ? null
                : header.getValue().trim();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** A body over the cap: dropped unread. */
    private static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long declared;

        ResponseTooLargeException(long declared) {
            super("response too large");
            this.declared = declared;
        }
    }
}
