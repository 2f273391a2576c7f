package io.jenkins.plugins.finetune.benchmarks;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.time.Duration;
import java.util.List;

/**
 * A fresh emulator holding {@value #JOBS} running jobs behind {@value #LATENCY_MILLIS} ms of latency,
 * and a client for it: the world of one {@link BulkPauseBenchmark} invocation.
 */
final class Fleet implements AutoCloseable {

    static final int JOBS = 1000;
    static final int LATENCY_MILLIS = 50;
    static final String API_KEY = "benchmark-api-key-not-a-secret";

    /**
     * Emulator request threads and client connections: every request sleeps 50 ms on a server thread,
     * so both must hold the largest concurrency (64) plus the listing request, with room to spare.
     */
    static final int IN_FLIGHT = 128;

    final FineTuningEmulator emulator;
    final FineTuningClient client;
    final List<String> jobIds;

    Fleet() {
        this(0);
    }

    /** @param rateLimitRps requests per second the emulator allows the key (0: no limit) */
    Fleet(int rateLimitRps) {
        emulator = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .threads(IN_FLIGHT)
                .latency(Duration.ofMillis(LATENCY_MILLIS))
                .rateLimit(rateLimitRps)
                .build()
                .start();
        jobIds = emulator.seedRunningJobs(JOBS);
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential(API_KEY))
                .httpOptions(HttpOptions.builder().maxConnections(IN_FLIGHT).build())
                .build();
    }

    /** Jobs that are still running: 0 after a complete pause of the fleet. */
    long stillRunning() {
        return jobIds.stream()
                .filter(id -> "running".equals(emulator.job(id).status()))
                .count();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            emulator.close();
        }
    }
}
