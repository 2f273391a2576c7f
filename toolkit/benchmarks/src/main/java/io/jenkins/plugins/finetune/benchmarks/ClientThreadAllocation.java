package io.jenkins.plugins.finetune.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Bytes allocated by the benchmark thread itself per operation, over the measurement iterations.
 *
 * <p>Why next to {@code -prof gc}: its {@code gc.alloc.rate.norm} counts every thread of the JVM,
 * and the local server runs in the same JVM, so it is "client + server" per call. A classic
 * HttpClient 5 request runs entirely on the calling thread, so this thread's count is the client's
 * own allocation, which is what the two sides should be compared on. Printed at the end of the trial.
 */
@State(Scope.Thread)
public class ClientThreadAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Incremented by the benchmark method (a plain field: this state belongs to one thread). */
    public long ops;

    private long bytesAtStart;
    private long measuredBytes;
    private long measuredOps;

    @Setup(Level.Iteration)
    public void startIteration() {
        ops = 0;
        bytesAtStart = THREADS.getCurrentThreadAllocatedBytes();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytesAtStart;
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredBytes += bytes;
            measuredOps += ops;
        }
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams benchmark) {
        if (measuredOps > 0) {
            System.out.printf(
                    "%n[client-thread alloc] %s: %.0f B/op over %d ops%n",
                    shortName(benchmark.getBenchmark()), (double) measuredBytes / measuredOps, measuredOps);
        }
    }

    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }
}
