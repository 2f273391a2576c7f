package io.jenkins.plugins.finetune.client;

import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Which failures are worth another attempt, and how long to wait before it: the server's
 * {@code retry-after-ms} / {@code Retry-After} when given, else exponential backoff with jitter.
 */
final class RetryPolicy {

    /** Statuses Azure documents as transient. */
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private final HttpOptions options;

    RetryPolicy(HttpOptions options) {
        this.options = options;
    }

    int maxRetries() {
        return options.maxRetries();
    }

    static boolean isRetryable(int status) {
        return RETRYABLE_STATUSES.contains(status);
    }

    /**
     * Connection failures are transient; a name that does not resolve, a TLS failure or an
     * unroutable host will not heal within seconds, so those fail at once.
     */
    static boolean isRetryable(IOException failure) {
        if (failure instanceof UnknownHostException
                || failure instanceof SSLException
                || failure instanceof NoRouteToHostException) {
            return false;
        }
        // SocketException covers refused and reset connections; ConnectionClosedException a body cut short.
        return failure instanceof SocketException
                || failure instanceof SocketTimeoutException
                || failure instanceof NoHttpResponseException
                || failure instanceof ConnectionClosedException
                || failure instanceof ConnectTimeoutException;
    }

    /**
     * Delay before retry number {@code retry} (1-based); the server's hint wins. A hint longer than
     * maxRetryDelay gives -1 (do not retry): retrying sooner than the server asked would only be refused again.
     */
    long delayMillis(int retry, long serverHintMillis) {
        long cap = options.maxRetryDelay().toMillis();
        if (serverHintMillis >= 0) {
            return serverHintMillis > cap ? -1 : serverHintMillis;
        }
        long base = options.baseRetryDelay().toMillis();
        long exponential = base << Math.min(retry - 1, 20);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Math.min((long) (exponential * jitter), cap);
    }

    /**
     * The retry hint of a response in milliseconds, or -1: {@code retry-after-ms} and
     * {@code x-ms-retry-after-ms} (Azure OpenAI), then {@code Retry-After} as seconds or an HTTP date.
     */
    static long retryAfterMillis(String retryAfterMs, String retryAfter, long nowMillis) {
        if (retryAfterMs != null) {
            try {
                double ms = Double.parseDouble(retryAfterMs.trim());
                if (ms >= 0 && !Double.isInfinite(ms)) {
                    return (long) ms;
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        if (retryAfter != null) {
            String value = retryAfter.trim();
            try {
                double seconds = Double.parseDouble(value);
                if (seconds >= 0 && !Double.isInfinite(seconds)) {
                    return (long) (seconds * 1000);
                }
            } catch (NumberFormatException notSeconds) {
                try {
                    long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant()
                            .toEpochMilli();
                    return Math.max(0, at - nowMillis);
                } catch (RuntimeException notADate) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
