package io.jenkins.plugins.finetune.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local, stateful stand-in for the Azure AI Foundry v1 fine-tuning routes, with fault injection.
 *
 * <pre>{@code
 * try (FineTuningEmulator emu = FineTuningEmulator.builder().apiKey("k").pauseDelay(Duration.ofMillis(50)).build().start()) {
 *     String id = emu.seedJob(JobSeed.running());
 *     // point a client at emu.baseUrl() (the endpoint; clients append /openai/v1/...)
 * }
 * }</pre>
 *
 * <p>Job states move on lazily, when a request (or {@link #job(String)}) looks at them, using the clock given
 * to the builder, so a test can drive time with {@link ManualClock} and no background thread runs.
 */
public final class FineTuningEmulator implements AutoCloseable {
    static {
        // The JDK server leaves Nagle's algorithm on; with delayed ACKs that adds ~40 ms to every answer
        // written in more than one segment. It reads the property once, when its first server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The default running time per training step. */
    public static final Duration DEFAULT_STEP_DURATION = Duration.ofSeconds(10);

    private final int requestedPort;
    private final int threads;
    private final Clock clock;
    private final Consumer<String> accessLog;
    private final JobStore store;
    private final Authenticator authenticator;
    private final Faults faults = new Faults();
    private final RequestLog requestLog = new RequestLog();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Duration latency;
    private volatile RateLimit rateLimit;
    private final InFlight inFlight = new InFlight();
    private final Connections connections = new Connections();
    private HttpServer server;
    private ExecutorService executor;

    private FineTuningEmulator(Builder settings) {
        this.requestedPort = settings.port;
        this.threads = settings.threads;
        this.clock = settings.clock;
        this.accessLog = settings.accessLog;
        this.latency = settings.latency;
        this.rateLimit = settings.rateLimitRps == 0 ? null : new RateLimit(settings.rateLimitRps);
        this.store = new JobStore(
                settings.clock,
                new Timings(
                        settings.validatingFilesDelay,
                        settings.queuedDelay,
                        settings.pauseDelay,
                        settings.resumeDelay,
                        settings.stepDuration,
                        settings.trainingDuration));
        this.authenticator = new Authenticator(settings.apiKey, settings.bearerTokens);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1 on the configured port (0: any free port) and starts answering. */
    public synchronized FineTuningEmulator start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        if (closing.getCount() == 0) {
            throw new IllegalStateException("already closed");
        }
        try {
            // The JDK's own server: no dependency to carry into the projects that test with this emulator,
            // starts in milliseconds, and runs wherever a JDK does.
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + requestedPort, e);
        }
        // A fixed pool: requests that sleep (latency, delay and hang faults) each hold a thread, so the pool
        // must be as large as the concurrency a benchmark wants; beyond it, requests queue instead of failing.
        executor = Executors.newFixedThreadPool(threads, daemonThreads());
        server.setExecutor(executor);
        server.createContext(
                "/",
                new EmulatorHandler(
                        new FineTuningApi(store),
                        authenticator,
                        faults,
                        requestLog,
                        () -> latency,
                        closing,
                        clock,
                        accessLog,
                        () -> rateLimit,
                        inFlight,
                        connections));
        server.start();
        return this;
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:54321}; clients append {@code /openai/v1/fine_tuning/...}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** Adds a job as a test describes it and returns its id. */
    public String seedJob(JobSeed seed) {
        return store.add(Objects.requireNonNull(seed, "seed").toSpec(), job -> job.id);
    }

    /** Adds {@code count} running jobs and returns their ids, oldest first. */
    public List<String> seedRunningJobs(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(seedJob(JobSeed.running()));
        }
        return ids;
    }

    /**
     * The job as it is now (due transitions applied).
     *
     * @throws java.util.NoSuchElementException when there is no such job
     */
    public JobSnapshot job(String id) {
        if (!store.contains(id)) {
            throw new java.util.NoSuchElementException("no job " + id);
        }
        return store.read(id, JobSnapshot::of);
    }

    /** Ids of every job, oldest first. */
    public List<String> jobIds() {
        return store.ids();
    }

    /** The one-shot faults queued for the next requests. */
    public Faults faults() {
        return faults;
    }

    /** Changes the latency added to every request from now on. */
    public void latency(Duration latency) {
        this.latency = requireNotNegative(latency, "latency");
    }

    /**
     * Limits every credential to {@code requestsPerSecond} from now on (0: no limit), as a token bucket
     * holding up to one second's worth; beyond it requests get 429 with {@code retry-after-ms} and
     * {@code Retry-After}, as Azure answers. Resets the count of {@link #throttledRequests()}.
     */
    public void rateLimit(int requestsPerSecond) {
        this.rateLimit = requestsPerSecond == 0 ? null : new RateLimit(requireRate(requestsPerSecond));
    }

    /** Requests refused with 429 by the current rate limit. */
    public long throttledRequests() {
        RateLimit limit = rateLimit;
        return limit == null ? 0 : limit.refused();
    }

    /** Requests being handled right now (received, not yet answered): the concurrency a client keeps up. */
    public int requestsInFlight() {
        return inFlight.now();
    }

    /** The most requests that were in flight at once since the emulator started. */
    public int peakRequestsInFlight() {
        return inFlight.peak();
    }

    /**
     * The client connections requests have arrived on since the emulator started (told apart by the client's
     * address and port): as many as requests when a client opens a connection per request, fewer when it
     * reuses them.
     */
    public int connectionsSeen() {
        return connections.count();
    }

    /**
     * Accepts this {@code api-key} from now on instead of the one configured, as after a key is regenerated in
     * the Azure portal: requests with the old key get 401.
     */
    public void apiKey(String apiKey) {
        authenticator.apiKey(apiKey);
    }

    /** Accepts {@code Authorization: Bearer <token>} from now on. */
    public void acceptBearerToken(String token) {
        authenticator.acceptBearerToken(token);
    }

    /** Requests received (the most recent 100,000), in arrival order, secrets included. */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    public int requestCount() {
        return requestLog.count();
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** Stops answering, releases hanging and sleeping requests, closes every connection. Idempotent. */
    @Override
    public synchronized void close() {
        closing.countDown();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Blocks until {@link #close()} is called (used by the standalone main). */
    public void awaitClose() throws InterruptedException {
        closing.await();
    }

    @Override
    public String toString() {
        return "FineTuningEmulator[" + (server == null ? "not started" : baseUrl()) + "]"; // never the key
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "foundry-emulator-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static int requireRate(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "rate limit must be zero (none) or a positive number of requests per second: " + requestsPerSecond);
        }
        return requestsPerSecond;
    }

    private static Duration requireNotNegative(Duration duration, String what) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive: " + duration);
        }
        return duration;
    }

    /** Settings; every one has a default except the credential (an API key or a bearer token). */
    public static final class Builder {
        // The test server's own key, held in memory while it is being built; nothing here is ever persisted.
        @SuppressWarnings("lgtm[jenkins/plaintext-storage]")
        private String apiKey;

        private final Set<String> bearerTokens = new LinkedHashSet<>();
        private int port;
        private int threads = 128;
        private Clock clock = Clock.systemUTC();
        private Duration latency = Duration.ZERO;
        private Duration validatingFilesDelay = Duration.ofSeconds(1);
        private Duration queuedDelay = Duration.ofSeconds(1);
        private Duration pauseDelay = Duration.ofSeconds(1);
        private Duration resumeDelay = Duration.ofSeconds(1);
        private Duration stepDuration = DEFAULT_STEP_DURATION;
        private Duration trainingDuration;
        private Consumer<String> accessLog;
        private int rateLimitRps;

        private Builder() {}

        /** The key accepted in the {@code api-key} header. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** A token accepted as {@code Authorization: Bearer <token>}; may be called more than once. */
        public Builder bearerToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("bearer token must not be blank");
            }
            bearerTokens.add(token);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Request threads (default 128): how many requests may sleep in latency or faults at once. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The clock job transitions and timestamps follow (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Added to every request before it is answered (default none; benchmarks use 50 ms). */
        public Builder latency(Duration latency) {
            this.latency = requireNotNegative(latency, "latency");
            return this;
        }

        /**
         * Requests per second each credential may send (default 0: no limit); see
         * {@link FineTuningEmulator#rateLimit(int)}.
         */
        public Builder rateLimit(int requestsPerSecond) {
            this.rateLimitRps = requireRate(requestsPerSecond);
            return this;
        }

        /** How long a created job stays {@code validating_files} (default 1 s). */
        public Builder validatingFilesDelay(Duration delay) {
            this.validatingFilesDelay = requireNotNegative(delay, "validatingFilesDelay");
            return this;
        }

        /** How long a created job stays {@code queued} before {@code running} (default 1 s). */
        public Builder queuedDelay(Duration delay) {
            this.queuedDelay = requireNotNegative(delay, "queuedDelay");
            return this;
        }

        /** How long {@code pausing} lasts before {@code paused} (default 1 s; 0: pause answers {@code paused}). */
        public Builder pauseDelay(Duration delay) {
            this.pauseDelay = requireNotNegative(delay, "pauseDelay");
            return this;
        }

        /** How long {@code resuming} lasts before {@code running} (default 1 s). */
        public Builder resumeDelay(Duration delay) {
            this.resumeDelay = requireNotNegative(delay, "resumeDelay");
            return this;
        }

        /**
         * Running time per training step (default 10 s: a job of the default 1000 steps trains for 2 h 47 min, so
         * a test's running job stays running unless it asks for speed). Paused time does not count. At most a day.
         */
        public Builder stepDuration(Duration duration) {
            this.stepDuration = requireAtMost(requireNotNegative(duration, "stepDuration"), Duration.ofDays(1));
            return this;
        }

        /**
         * Running time after which every job succeeds, whatever its number of steps (default: none, each job
         * trains for its steps times {@link #stepDuration(Duration)}). At most 365 days.
         */
        public Builder trainingDuration(Duration duration) {
            this.trainingDuration =
                    requireAtMost(requireNotNegative(duration, "trainingDuration"), Duration.ofDays(365));
            return this;
        }

        private static Duration requireAtMost(Duration duration, Duration max) {
            if (duration.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be at most " + max + ": " + duration);
            }
            return duration;
        }

        /** Receives one line per request: method, path, outcome, time; never headers or bodies. */
        public Builder accessLog(Consumer<String> accessLog) {
            this.accessLog = accessLog;
            return this;
        }

        public FineTuningEmulator build() {
            if ((apiKey == null || apiKey.isEmpty()) && bearerTokens.isEmpty()) {
                throw new IllegalStateException("configure an apiKey or a bearerToken: the service always wants one");
            }
            return new FineTuningEmulator(this);
        }

        @Override
        public String toString() {
            return "FineTuningEmulator.Builder[port=" + port + ", apiKey=" + (apiKey == null ? "none" : "****")
                    + ", bearerTokens=" + bearerTokens.size() + "]";
        }
    }
}
