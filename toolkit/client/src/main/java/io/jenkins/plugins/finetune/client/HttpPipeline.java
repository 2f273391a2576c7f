package io.jenkins.plugins.finetune.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
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
 * Sends one logical request: auth header, retries with backoff, size cap, interrupt handling.
 * It knows nothing of fine-tuning; {@link FineTuningClient} gives meaning to what comes back.
 *
 * <p>Redirects are never followed (a 3xx comes back as it is), so an {@code api-key} or bearer
 * token can never be replayed to another host.
 */
final class HttpPipeline implements Closeable {

    private static final byte[] EMPTY = new byte[0];

    private final CloseableHttpClient http;
    private final FoundryCredential credential;
    private final HttpOptions options;
    private final RetryPolicy retryPolicy;
    private final InterruptWatchdog watchdog = InterruptWatchdog.SHARED;
    private final HoldBack holdBack = new HoldBack();
    private final Sleeper sleeper;

    HttpPipeline(
            FoundryCredential credential, HttpOptions options, ProxyOptions proxy, String userAgent, Sleeper sleeper) {
        this.credential = credential;
        this.options = options;
        this.retryPolicy = new RetryPolicy(options);
        this.sleeper = sleeper;
        this.http = buildHttpClient(options, proxy, userAgent);
    }

    private static CloseableHttpClient buildHttpClient(HttpOptions options, ProxyOptions proxy, String userAgent) {
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

    /**
     * Sends the request, retrying transient failures within the configured bounds. Returns the last
     * response whatever its status; throws only when no response could be had.
     *
     * @param gate admits every attempt and hears how it ended ({@link RequestGate#OPEN}: no limit)
     */
    RawResponse send(String method, URI uri, RequestGate gate) {
        long started = System.nanoTime();
        long budgetMillis = options.maxRetryDuration().toMillis();
        long waitedOut = HoldBack.NONE; // the shared hold-back this call has already waited for
        int attempt = 0;
        while (true) {
            attempt++;
            throwIfInterrupted(method, uri);
            long delay;
            long ticket = admit(gate, method, uri);
            int status = RequestGate.NO_ANSWER;
            try {
                waitedOut = waitOutHoldBack(waitedOut, method, uri);
                RawResponse response = exchange(method, uri).withAttempts(attempt);
                status = response.status();
                boolean retryable = RetryPolicy.isRetryable(status);
                long hint = response.retryAfterMillis();
                if (retryable && hint >= 0 && hint <= options.maxRetryDelay().toMillis()) {
                    // This call sleeps the hint below; every other call waits it out before its next attempt.
                    waitedOut = holdBack.holdFor(hint);
                }
                // Told when to come back, behind a gate that paces: a wait, not a failure; the time budget bounds it.
                boolean paced = gate.pacesThrottledRetries() && RequestGate.isThrottling(status) && hint >= 0;
                if (!retryable || (attempt > retryPolicy.maxRetries() && !paced)) {
                    return response;
                }
                delay = retryPolicy.delayMillis(attempt, hint);
                if (delay < 0 || elapsedMillis(started) + delay > budgetMillis) {
                    return response;
                }
            } catch (ResponseTooLargeException tooLarge) {
                throw tooLarge.toApiException(uri);
            } catch (IOException failure) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(method, uri);
                }
                delay = RetryPolicy.isRetryable(failure) && attempt <= retryPolicy.maxRetries()
                        ? retryPolicy.delayMillis(attempt, -1)
                        : -1;
                if (delay < 0 || elapsedMillis(started) + delay > budgetMillis) {
                    throw transportFailure(failure, method, uri, attempt, started);
                }
            } finally {
                gate.exit(ticket, status);
            }
            sleep(delay, method, uri);
        }
    }

    private long admit(RequestGate gate, String method, URI uri) {
        try {
            return gate.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(method, uri);
        }
    }

    /** Waits out a hold-back that another call was told of since this call last waited; returns its deadline. */
    private long waitOutHoldBack(long waitedOut, String method, URI uri) {
        long deadline = holdBack.deadline();
        if (deadline != waitedOut) {
            long millis = HoldBack.millisUntil(deadline);
            if (millis > 0) {
                sleep(millis, method, uri);
            }
        }
        return deadline;
    }

    private void sleep(long millis, String method, URI uri) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(method, uri);
        }
    }

    private RawResponse exchange(String method, URI uri) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setHeader("Accept", "application/json");
        request.setHeader(credential.headerName(), credential.headerValue());
        if ("POST".equals(method)) {
            // The action routes take no body; an explicit empty one sends Content-Length: 0.
            request.setEntity(new ByteArrayEntity(EMPTY, null));
        }
        watchdog.register(request);
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            byte[] body;
            try {
                body = readCapped(response.getEntity(), status, request);
            } catch (ResponseTooLargeException tooLarge) {
                request.cancel(); // drop the connection instead of draining the rest of the body
                throw tooLarge.withRequestId(requestId(response));
            }
            return new RawResponse(
                    status,
                    requestId(response),
                    header(response, "Location"),
                    RetryPolicy.retryAfterMillis(
                            firstHeader(response, "retry-after-ms", "x-ms-retry-after-ms"),
                            header(response, "Retry-After"),
                            System.currentTimeMillis()),
                    header(response, "Content-Type"),
                    body,
                    1);
        } catch (IOException | RuntimeException failure) {
            if (request.isCancelled() && !(failure instanceof ResponseTooLargeException)) {
                Thread.currentThread().interrupt();
                throw interrupted(method, uri);
            }
            throw failure;
        } finally {
            watchdog.unregister(request);
        }
    }

    private byte[] readCapped(HttpEntity entity, int status, HttpUriRequestBase request) throws IOException {
        if (entity == null) {
            return EMPTY;
        }
        long limit = options.maxResponseBytes();
        long declared = entity.getContentLength();
        if (declared > limit) {
            throw new ResponseTooLargeException(status, declared, limit);
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
                    throw new ResponseTooLargeException(status, -1, limit);
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

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private void throwIfInterrupted(String method, URI uri) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(method, uri);
        }
    }

    private FineTuningInterruptedException interrupted(String method, URI uri) {
        return new FineTuningInterruptedException("Interrupted: " + method + " " + uri.getPath() + " was abandoned");
    }

    private FineTuningTransportException transportFailure(
            IOException failure, String method, URI uri, int attempts, long startedNanos) {
        String what;
        if (failure instanceof SocketTimeoutException && duringTlsHandshake(failure)) {
            // HttpClient bounds the handshake with the connect timeout; the usual cause is plain http on that port.
            what = "the TLS handshake did not complete within the connect timeout of "
                    + describe(options.connectTimeout()) + " (does the server speak https on that port?"
                    + " A plain http server, such as the emulator, does not answer a TLS handshake)";
        } else if (failure instanceof SocketTimeoutException) {
            what = "no answer within the response timeout of " + describe(options.responseTimeout());
        } else {
            what = failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        }
        String message = "Could not reach " + uri.getScheme() + "://" + uri.getAuthority() + " (" + method + " "
                + uri.getPath() + ") after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
                + elapsedMillis(startedNanos) + " ms: " + what
                + ". Check the endpoint, the network and the proxy settings.";
        return new FineTuningTransportException(scrub(message), failure);
    }

    /** True when the timeout fired inside the JDK's TLS handshake rather than while waiting for the response. */
    private static boolean duringTlsHandshake(IOException failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getMethodName().equals("startHandshake")) {
                return true;
            }
        }
        return false;
    }

    /** {@code 60 s}, or {@code 500 ms} when not a whole number of seconds (so a short timeout never reads "0 s"). */
    private static String describe(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** What to check when Azure answers 401 to this pipeline's credential. */
    String rejectionAdvice(FoundryEndpoint endpoint) {
        return credential.rejectionAdvice(endpoint);
    }

    /** Removes every secret the credential has handed out from a message, whatever produced it. */
    String scrub(String message) {
        return scrub(message, credential.secrets());
    }

    static String scrub(String message, List<String> secrets) {
        String out = message;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4 && out.contains(secret)) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** How the pipeline waits between attempts; tests may count instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD_SLEEP = Thread::sleep;

        void sleep(long millis) throws InterruptedException;
    }

    /** A body over the cap: not retried, since the next answer would be as large. */
    private static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final long declared;
        private final long limit;
        private String requestId;

        ResponseTooLargeException(int status, long declared, long limit) {
            super("response too large");
            this.status = status;
            this.declared = declared;
            this.limit = limit;
        }

        ResponseTooLargeException withRequestId(String id) {
            this.requestId = id;
            return this;
        }

        FineTuningApiException toApiException(URI uri) {
            String size = declared > 0 ? declared + " bytes" : "more than " + limit + " bytes";
            return new FineTuningApiException(
                    "The answer from " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()
                            + " (HTTP " + status + ") was " + size + ", over the limit of " + limit
                            + " bytes; it was not read. Check that the endpoint points at an Azure AI Foundry resource"
                            + (requestId == null ? "" : " [request id " + requestId + "]") + ".",
                    status,
                    null,
                    requestId,
                    null);
        }
    }
}
