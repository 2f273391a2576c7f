package io.jenkins.plugins.finetune.benchmarks;

import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
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
 * Pausing a fleet: 1,000 running jobs in the emulator, 50 ms of latency on every request. Our
 * {@link BulkOperation} at a given concurrency against a sequential loop of
 * {@code client.pause(id)}. Wall time of one whole pause per invocation ({@code SingleShotTime}),
 * each on a fresh emulator and client (set up outside the measured time).
 *
 * <p>{@code selection=running} is the scheduled-pause case: the bulk operation lists the jobs
 * (10 pages of 100, 50 ms each, overlapped with the pauses) and pauses the running ones.
 * {@code selection=ids} gives the 1,000 ids explicitly, as the sequential loop has them, so it
 * measures the pauses alone.
 *
 * <p>Concurrency 1 and the loop take 1,000 × 50 ms = 50+ s per invocation: run them with
 * {@code -wi 0 -i 1} (see docs/performance.md).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class BulkPauseBenchmark {

    /** One bulk pause of the whole fleet. */
    @State(Scope.Benchmark)
    public static class BulkFleet {
        @Param({"1", "8", "32", "64"})
        public int concurrency;

        /** {@code running}: list and select by status (the default selector); {@code ids}: explicit ids. */
        @Param({"running", "ids"})
        public String selection;

        Fleet fleet;
        BulkRequest request;
        BulkReport report;

        @Setup(Level.Invocation)
        public void setUp() {
            fleet = new Fleet();
            JobSelector selector =
                    switch (selection) {
                        case "running" -> JobSelector.builder().build();
                        case "ids" -> JobSelector.builder().jobIds(fleet.jobIds).build();
                        default -> throw new IllegalArgumentException("selection: running or ids, not " + selection);
                    };
            request = BulkRequest.builder(JobChange.PAUSE, selector)
                    .adaptive(false) // this benchmark measures fixed concurrencies; ThrottledBulkBenchmark compares
                    .concurrency(concurrency)
                    .build();
            report = null;
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            try {
                int requests = fleet.emulator.requestCount();
                long running = fleet.stillRunning();
                System.out.printf(
                        "%n[bulk] concurrency=%d selection=%s: %s in %d ms; %d requests; %d jobs still running%n",
                        concurrency,
                        selection,
                        report.summary(),
                        report.elapsed().toMillis(),
                        requests,
                        running);
                if (report.count(JobOutcome.Kind.CHANGED) != Fleet.JOBS || report.hasFailures() || running != 0) {
                    throw new IllegalStateException(
                            "the bulk pause did not pause all " + Fleet.JOBS + " jobs: " + report);
                }
            } finally {
                fleet.close();
            }
        }
    }

    /** The same fleet for the sequential loop (no parameters: one run). */
    @State(Scope.Benchmark)
    public static class SequentialFleet {
        Fleet fleet;
        int paused;

        @Setup(Level.Invocation)
        public void setUp() {
            fleet = new Fleet();
            paused = 0;
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            try {
                long running = fleet.stillRunning();
                System.out.printf(
                        "%n[sequential] paused %d; %d requests; %d jobs still running%n",
                        paused, fleet.emulator.requestCount(), running);
                if (paused != Fleet.JOBS || running != 0) {
                    throw new IllegalStateException("the loop paused " + paused + " of " + Fleet.JOBS + " jobs");
                }
            } finally {
                fleet.close();
            }
        }
    }

    @Benchmark
    public BulkReport bulkOperation(BulkFleet state) {
        state.report = BulkOperation.run(state.fleet.client, state.request, line -> {});
        return state.report;
    }

    @Benchmark
    public int sequentialLoop(SequentialFleet state) {
        int paused = 0;
        for (String id : state.fleet.jobIds) {
            FineTuningJob job = state.fleet.client.pause(id);
            if (job.status() != null) {
                paused++;
            }
        }
        state.paused = paused;
        return paused;
    }
}
