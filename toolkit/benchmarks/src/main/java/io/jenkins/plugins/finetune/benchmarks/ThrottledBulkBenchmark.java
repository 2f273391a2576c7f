package io.jenkins.plugins.finetune.benchmarks;

import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixed against adaptive concurrency, with and without Azure's rate limit: 1,000 running jobs
 * behind 50 ms of latency, listed and paused by {@link BulkOperation} with fixed concurrency 8,
 * fixed 64, or adaptive concurrency with default settings; the emulator either unlimited
 * ({@code rateLimit=0}) or limited to 200 requests/s per key, answering 429 with
 * {@code retry-after-ms}/{@code Retry-After} beyond it. Wall time of one whole pause per invocation.
 *
 * <p>Each invocation prints one {@code [throttled-bulk]} line with the requests the emulator received,
 * how many it answered 429 and how many jobs failed; a variant that fails jobs is reported, not
 * stopped. With {@code -Dfoundry.bench.trace=DIR} the adaptive invocations also write the
 * emulator's requests in flight every 10 ms to {@code DIR/concurrency-<rateLimit>.csv}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class ThrottledBulkBenchmark {

    /** One bulk pause of the whole fleet. */
    @State(Scope.Benchmark)
    public static class ThrottledFleet {
        /** {@code fixed8}, {@code fixed64} or {@code adaptive} (the default settings). */
        @Param({"fixed8", "fixed64", "adaptive"})
        public String variant;

        /** Requests per second the emulator allows; 0: no limit. */
        @Param({"0", "200"})
        public int rateLimit;

        Fleet fleet;
        BulkRequest request;
        BulkReport report;
        ConcurrencySampler sampler;
        Path traceDir;

        @Setup(Level.Invocation)
        public void setUp() {
            fleet = new Fleet(rateLimit);
            BulkRequest.Builder builder =
                    BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build());
            switch (variant) {
                case "fixed8" -> builder.adaptive(false).concurrency(8);
                case "fixed64" -> builder.adaptive(false).concurrency(64);
                case "adaptive" -> {
                    // the defaults
                }
                default -> throw new IllegalArgumentException("variant: fixed8, fixed64 or adaptive, not " + variant);
            }
            request = builder.build();
            report = null;
            String trace = System.getProperty("foundry.bench.trace");
            traceDir = trace == null ? null : Path.of(trace);
            sampler = traceDir != null && variant.equals("adaptive")
                    ? ConcurrencySampler.start(fleet.emulator::requestsInFlight, fleet.emulator::throttledRequests)
                    : null;
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            try {
                if (sampler != null) {
                    writeTrace(sampler.stop());
                }
                int requests = fleet.emulator.requestCount();
                long throttled = fleet.emulator.throttledRequests();
                System.out.printf(
                        "%n[throttled-bulk] variant=%s rateLimit=%d: %d ms; requests=%d throttled=%d"
                                + " paused=%d failed=%d stillRunning=%d%n",
                        variant,
                        rateLimit,
                        report.elapsed().toMillis(),
                        requests,
                        throttled,
                        report.count(JobOutcome.Kind.CHANGED),
                        report.count(JobOutcome.Kind.FAILED),
                        fleet.stillRunning());
            } finally {
                fleet.close();
            }
        }

        private void writeTrace(String csv) {
            try {
                Files.createDirectories(traceDir);
                Files.writeString(traceDir.resolve("concurrency-" + rateLimit + ".csv"), csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Benchmark
    public BulkReport bulkOperation(ThrottledFleet state) {
        state.report = BulkOperation.run(state.fleet.client, state.request, line -> {});
        return state.report;
    }
}
