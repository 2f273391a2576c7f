package io.jenkins.plugins.finetune.client;

import java.time.Duration;

/**
 * Timeouts, retries and limits for every request. Immutable; start from {@link #defaults()} or
 * {@link #builder()}. Defaults follow azure-core: 3 retries with exponential backoff from 0.8 s.
 */
public final class HttpOptions {

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration exchangeTimeout;
    private final int maxRetries;
    private final Duration baseRetryDelay;
    private final Duration maxRetryDelay;
    private final Duration maxRetryDuration;
    private final long maxResponseBytes;
    private final int maxConnections;

    private HttpOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.exchangeTimeout = b.exchangeTimeout;
        this.maxRetries = b.maxRetries;
        this.baseRetryDelay = b.baseRetryDelay;
        this.maxRetryDelay = b.maxRetryDelay;
        this.maxRetryDuration = b.maxRetryDuration;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxConnections = b.maxConnections;
    }

    public static HttpOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change a few. */
    public Builder toBuilder() {
        return new Builder()
                .connectTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .exchangeTimeout(exchangeTimeout)
                .maxRetries(maxRetries)
                .baseRetryDelay(baseRetryDelay)
                .maxRetryDelay(maxRetryDelay)
                .maxRetryDuration(maxRetryDuration)
                .maxResponseBytes(maxResponseBytes)
                .maxConnections(maxConnections);
    }

    /** Time to establish a TCP/TLS connection. Default 10 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest silence while waiting for response bytes. Default 60 s. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /**
     * Longest time one exchange (one attempt: connect, send, the whole answer) may take, however steadily the server
     * trickles its bytes; past it the exchange is cancelled and fails like a timeout (retried within the retry budget).
     * Default 2 min.
     */
    public Duration exchangeTimeout() {
        return exchangeTimeout;
    }

    /** Retries after the first attempt for 408/429/5xx and connection failures. Default 3. */
    public int maxRetries() {
        return maxRetries;
    }

    /** First backoff delay, doubled on each retry, with jitter. Default 800 ms. */
    public Duration baseRetryDelay() {
        return baseRetryDelay;
    }

    /** Longest single backoff delay; a server asking (Retry-After) to wait longer is not retried. Default 30 s. */
    public Duration maxRetryDelay() {
        return maxRetryDelay;
    }

    /** No retry starts once this much time has passed since the first attempt. Default 2 min. */
    public Duration maxRetryDuration() {
        return maxRetryDuration;
    }

    /** Largest response body read; a larger one fails the call instead of filling memory. Default 8 MiB. */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Pooled connections (bulk operations share them). Default 64. */
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public String toString() {
        return "HttpOptions[connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", exchangeTimeout=" + exchangeTimeout
                + ", maxRetries=" + maxRetries + ", baseRetryDelay=" + baseRetryDelay + ", maxRetryDelay="
                + maxRetryDelay
                + ", maxRetryDuration=" + maxRetryDuration + ", maxResponseBytes=" + maxResponseBytes
                + ", maxConnections=" + maxConnections + "]";
    }

    /** Builder; every setter validates and names the field it rejects. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration exchangeTimeout = Duration.ofMinutes(2);
        private int maxRetries = 3;
        private Duration baseRetryDelay = Duration.ofMillis(800);
        private Duration maxRetryDelay = Duration.ofSeconds(30);
        private Duration maxRetryDuration = Duration.ofMinutes(2);
        private long maxResponseBytes = 8L * 1024 * 1024;
        private int maxConnections = 64;

        private Builder() {}

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Durations.requirePositive("connectTimeout", value);
            return this;
        }

        public Builder responseTimeout(Duration value) {
            this.responseTimeout = Durations.requirePositive("responseTimeout", value);
            return this;
        }

        public Builder exchangeTimeout(Duration value) {
            this.exchangeTimeout = Durations.requirePositive("exchangeTimeout", value);
            return this;
        }

        public Builder maxRetries(int value) {
            if (value < 0 || value > 10) {
                throw new IllegalArgumentException("maxRetries: must be between 0 and 10, got " + value);
            }
            this.maxRetries = value;
            return this;
        }

        public Builder baseRetryDelay(Duration value) {
            this.baseRetryDelay = Durations.requirePositive("baseRetryDelay", value);
            return this;
        }

        public Builder maxRetryDelay(Duration value) {
            this.maxRetryDelay = Durations.requirePositive("maxRetryDelay", value);
            return this;
        }

        public Builder maxRetryDuration(Duration value) {
            this.maxRetryDuration = Durations.requirePositive("maxRetryDuration", value);
            return this;
        }

        public Builder maxResponseBytes(long value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxResponseBytes: must be at least 1024, got " + value);
            }
            this.maxResponseBytes = value;
            return this;
        }

        public Builder maxConnections(int value) {
            if (value < 1 || value > 1024) {
                throw new IllegalArgumentException("maxConnections: must be between 1 and 1024, got " + value);
            }
            this.maxConnections = value;
            return this;
        }

        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
