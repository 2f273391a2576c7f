package io.jenkins.plugins.finetune.benchmarks;

import io.jenkins.plugins.finetune.client.AccessToken;
import io.jenkins.plugins.finetune.client.AccessTokenSource;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The Entra ID path: {@code client.get(id)} with a {@link BearerTokenCredential} over a counting
 * {@link AccessTokenSource}, against the same call with an API key, on the emulator (no latency).
 *
 * <p>At the end of each trial the counts are printed and checked (the trial fails otherwise):
 * server requests per call must be exactly 1.0 on every path, and the cached bearer path must have
 * asked the token source exactly once in the whole trial. The uncached control (refresh window
 * longer than the token's life, so every call asks the source) proves the counter counts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class TokenCachingBenchmark {

    static final String API_KEY = "benchmark-api-key-not-a-secret";
    static final String TOKEN = "benchmark-bearer-token-not-a-secret";

    private FineTuningEmulator emulator;
    private String jobId;
    private CountingTokenSource cachedSource;
    private CountingTokenSource uncachedSource;
    private FineTuningClient apiKeyClient;
    private FineTuningClient cachedBearerClient;
    private FineTuningClient uncachedBearerClient;
    /** Calls made by the benchmark method of this trial (one thread: a plain field will do). */
    private long calls;
    /** Server requests of the finished iterations (the emulator's log is emptied after each one). */
    private long requestsBefore;

    @Setup(Level.Trial)
    public void setUp() {
        emulator = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .bearerToken(TOKEN)
                .build()
                .start();
        jobId = emulator.seedJob(JobSeed.running());
        cachedSource = new CountingTokenSource();
        uncachedSource = new CountingTokenSource();
        apiKeyClient = client(new ApiKeyCredential(API_KEY));
        cachedBearerClient = client(new BearerTokenCredential(cachedSource));
        // Refresh 2 h before expiry a token that lives 1 h: never fresh enough, so every call fetches one.
        uncachedBearerClient = client(new BearerTokenCredential(
                uncachedSource, FoundryCredential.COGNITIVE_SERVICES_SCOPE, Duration.ofHours(2), Clock.systemUTC()));
        calls = 0;
        requestsBefore = 0;
        emulator.clearRequests();
    }

    /**
     * Counts the iteration's requests, then empties the emulator's request log: it keeps up to
     * 100,000 requests with their headers, and that much live data would make GC pauses part of the
     * measurement.
     */
    @TearDown(Level.Iteration)
    public void countRequests() {
        requestsBefore += emulator.requestCount();
        emulator.clearRequests();
    }

    private FineTuningClient client(FoundryCredential credential) {
        return FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(credential)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        try {
            String name = ClientThreadAllocation.shortName(params.getBenchmark());
            long requests = requestsBefore + emulator.requestCount();
            boolean cached = name.endsWith(".getWithCachedBearerToken");
            boolean uncached = name.endsWith(".getWithUncachedBearerToken");
            boolean bearer = cached || uncached;
            long fetches = cached ? cachedSource.fetches.get() : uncachedSource.fetches.get();
            System.out.printf(
                    "%n[token] %s: calls=%d server requests=%d requests/call=%.4f token fetches=%s%n",
                    name,
                    calls,
                    requests,
                    calls == 0 ? 0.0 : (double) requests / calls,
                    bearer ? fetches : "n/a (api key)");
            if (requests != calls) {
                throw new IllegalStateException(name + ": " + requests + " server requests for " + calls + " calls");
            }
            if (cached && fetches != 1) {
                throw new IllegalStateException(name + ": the token source was asked " + fetches + " times, not once");
            }
            if (uncached && fetches != calls) {
                throw new IllegalStateException(name + ": " + fetches + " token fetches for " + calls + " calls");
            }
            // The log was emptied after the last iteration: one more call shows what is sent.
            (bearer ? (cached ? cachedBearerClient : uncachedBearerClient) : apiKeyClient).get(jobId);
            List<RecordedRequest> recent = emulator.requests();
            RecordedRequest last = recent.get(recent.size() - 1);
            String sent = bearer ? last.header("Authorization") : last.header("api-key");
            String expected = bearer ? "Bearer " + TOKEN : API_KEY;
            if (!expected.equals(sent)) {
                throw new IllegalStateException(
                        name + ": the last request did not carry the expected credential header");
            }
        } finally {
            apiKeyClient.close();
            cachedBearerClient.close();
            uncachedBearerClient.close();
            emulator.close();
        }
    }

    @Benchmark
    public FineTuningJob getWithApiKey() {
        calls++;
        return apiKeyClient.get(jobId);
    }

    @Benchmark
    public FineTuningJob getWithCachedBearerToken() {
        calls++;
        return cachedBearerClient.get(jobId);
    }

    /** Control: a token source asked on every call, to show the counter works and what caching saves. */
    @Benchmark
    public FineTuningJob getWithUncachedBearerToken() {
        calls++;
        return uncachedBearerClient.get(jobId);
    }

    /** Hands out the one token the emulator accepts, valid for an hour, counting each request for one. */
    static final class CountingTokenSource implements AccessTokenSource {
        final AtomicLong fetches = new AtomicLong();

        @Override
        public AccessToken getToken(String scope) {
            fetches.incrementAndGet();
            return new AccessToken(TOKEN, Instant.now().plus(Duration.ofHours(1)));
        }
    }
}
