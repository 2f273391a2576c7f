package io.jenkins.plugins.finetune.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;

/**
 * Sends one logical request: auth header, retries with backoff, size cap, interrupt handling.
 * It knows nothing of fine-tuning; {@link FineTuningClient} gives meaning to what comes back.
 *
 * <p>Redirects are never followed (a 3xx comes back as it is), so an {@code api-key} or bearer
 * token can never be replayed to another host.
 */
final class HttpPipeline implements Closeable {

    private static final byte[] EMPTY = new byte[0];

    private final Transport transport;
    private final FoundryCredential credential;
    private final HttpOptions options;
    private final RetryPolicy retryPolicy;
    private final HoldBack holdBack = new HoldBack();
    private final Sleeper sleeper;

    HttpPipeline(
            FoundryCredential credential, HttpOptions options, ProxyOptions proxy, String userAgent, Sleeper sleeper) {
        this.credential = credential;
        this.options = options;
        this.retryPolicy = new RetryPolicy(options);
        this.sleeper = sleeper;
        this.transport = new HttpClientTransport(options, proxy, userAgent);
    }

    /** Through {@code transport} rather than this JVM's HTTP client; the pipeline closes it. */
    HttpPipeline(FoundryCredential credential, HttpOptions options, Transport transport, Sleeper sleeper) {
        this.credential = credential;
        this.options = options;
        this.retryPolicy = new RetryPolicy(options);
        this.sleeper = sleeper;
        this.transport = transport;
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

    /** One attempt through the transport; an answer over the size cap fails at once (the next would be as large). */
    private RawResponse exchange(String method, URI uri) throws IOException {
        ExchangeResponse response = transport.exchange(
                ExchangeRequest.of(method, uri, options.maxResponseBytes()).withCredential(credential));
        // A transport of the caller's (another JVM) is held to the cap too.
        if (response.tooLarge() || response.body().length > options.maxResponseBytes()) {
            long limit = options.maxResponseBytes();
            long declared = response.tooLarge() ? response.tooLargeBytes() : response.body().length;
            String size = declared > 0 ? declared + " bytes" : "more than " + limit + " bytes";
            throw new FineTuningApiException(
                    "The answer from " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + " (HTTP "
                            + response.status() + ") was " + size + ", over the limit of " + limit
                            + " bytes; it was not read. Check that the endpoint points at an Azure AI Foundry resource"
                            + (response.requestId() == null ? "" : " [request id " + response.requestId() + "]")
                            + ".",
                    response.status(),
                    null,
                    response.requestId(),
                    null);
        }
        return new RawResponse(
                response.status(),
                response.requestId(),
                response.location(),
                response.retryAfterMillis(),
                response.contentType(),
                response.body(),
                1);
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
        } else if (failure instanceof ExchangeTimeoutException) {
            what = failure.getMessage();
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
        transport.close();
    }

    /** How the pipeline waits between attempts; tests may count instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD_SLEEP = Thread::sleep;

        void sleep(long millis) throws InterruptedException;
    }
}
