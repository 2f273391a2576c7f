package io.jenkins.plugins.finetune.benchmarks;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.bulk.BulkOperation;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.bulk.JobSelector;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap a bulk pause holds, whatever the fleet size: the emulator runs in its own process (its jobs
 * and request log are not ours), this JVM lists and pauses every job with the default settings, and a
 * sampler forces a GC every 100 ms and keeps the highest heap in use after it. Prints the baseline (client
 * built), the peak during the run above it, and what is retained after the run with the report (one small
 * outcome per job) still held. Run it for two fleet sizes: the difference is what grows with the fleet.
 * Usage: {@code java -Xmx16m -cp benchmarks.jar ...HeapFootprint [jobs, default 10000]}.
 */
public final class HeapFootprint {

    private static final String KEY = "heap-footprint-key-not-a-secret";
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapFootprint() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Process emulator = startEmulator(jobs);
        try (FineTuningClient client = FineTuningClient.builder()
                .endpoint(endpointOf(emulator))
                .credential(new ApiKeyCredential(KEY))
                .build()) {
            client.listJobs(null, 1); // connection pool and classes loaded before the baseline
            long baseline = usedAfterGc();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(usedAfterGc(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            BulkReport report = BulkOperation.run(
                    client,
                    BulkRequest.builder(JobChange.PAUSE, JobSelector.builder().build())
                            .build(),
                    line -> {});
            sampler.interrupt();
            sampler.join();
            long withReport = usedAfterGc();
            System.out.printf(
                    "[heap] jobs=%d paused=%d failed=%d max heap=%d MiB%n"
                            + "[heap] baseline (client built) %,d B%n"
                            + "[heap] peak during the run, after GC, above the baseline: %,d B%n"
                            + "[heap] after the run, report still held, above the baseline: %,d B"
                            + " (the outcomes and the now warm connection pool)%n",
                    jobs,
                    report.count(JobOutcome.Kind.CHANGED),
                    report.count(JobOutcome.Kind.FAILED),
                    Runtime.getRuntime().maxMemory() >> 20,
                    baseline,
                    peak.get() - baseline,
                    withReport - baseline);
        } finally {
            emulator.destroy();
        }
    }

    private static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static Process startEmulator(int jobs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.jenkins.plugins.finetune.emulator.EmulatorMain",
                        "--api-key",
                        KEY,
                        "--port",
                        "0",
                        "--jobs",
                        String.valueOf(jobs),
                        "--quiet")
                .redirectErrorStream(true)
                .start();
    }

    /** The {@code endpoint:} line of the banner; a daemon thread reads (and then drains) the output. */
    private static String endpointOf(Process emulator) throws Exception {
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("endpoint: ")) {
                        endpoint.complete(line.substring("endpoint: ".length()).trim());
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new IllegalStateException("the emulator exited without its endpoint"));
        });
        reader.setDaemon(true);
        reader.start();
        return endpoint.get(60, TimeUnit.SECONDS);
    }
}
