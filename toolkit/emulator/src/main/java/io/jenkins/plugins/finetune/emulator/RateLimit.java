package io.jenkins.plugins.finetune.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Azure's request rate limit, as a token bucket per credential: {@code requestsPerSecond} tokens a
 * second, up to one second's worth saved up (Azure evaluates the rate over short windows, typically
 * one second). A request that finds the bucket empty is refused with 429 and told, in
 * {@code retry-after-ms} and {@code Retry-After}, when the next token will be there.
 */
final class RateLimit {

    private final double perNano;
    private final double capacity;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    RateLimit(int requestsPerSecond) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException(
                    "rate limit must be at least 1 request per second: " + requestsPerSecond);
        }
        this.perNano = requestsPerSecond / 1e9;
        this.capacity = requestsPerSecond;
    }

    /**
     * Takes a token for this credential.
     *
     * @return 0 when admitted, else the milliseconds until a token will be free (at least 1)
     */
    long take(String credential) {
        Bucket bucket = buckets.computeIfAbsent(credential, any -> new Bucket(capacity, System.nanoTime()));
        long waitMillis = bucket.take(perNano, capacity, System.nanoTime());
        if (waitMillis > 0) {
            refused.incrementAndGet();
        }
        return waitMillis;
    }

    long refused() {
        return refused.get();
    }

    /** The 429 Azure sends when a deployment's or resource's request rate is exceeded. */
    static Reply tooManyRequests(long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new Reply(
                429,
                Map.of("retry-after-ms", String.valueOf(waitMillis), "Retry-After", String.valueOf(seconds)),
                AzureErrors.body(
                        "429",
                        "Requests to the fine-tuning jobs operation have exceeded the call rate limit of your current"
                                + " pricing tier. Please retry after " + seconds
                                + (seconds == 1 ? " second." : " seconds."),
                        null));
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized long take(double perNano, double capacity, long now) {
            tokens = Math.min(capacity, tokens + (now - updatedNanos) * perNano);
            updatedNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
        }
    }
}
