package io.jenkins.plugins.finetune.benchmarks;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.microsoft.azure.util.AzureCredentials;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.MovableClock;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.AzureCredentialsTest;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Not a test: a measurement (run it on purpose, see docs/performance.md). 50, then 200 Pipelines on one controller
 * each run {@code pauseFineTune(jobId: …, wait: true, timeout: 3600)} on its own emulator job, with one Azure service
 * principal credential whose tokens come from {@link AzureCredentialsTest.LocalTokenIssuer}. The emulator's clock
 * stands still, so every job stays {@code pausing} and every build keeps waiting. Once all wait, for two windows
 * of {@value #WINDOW_SECONDS} s, it samples the threads (the plugin's by name, the JVM's against the count before
 * the builds started) and the polls in flight, and counts token requests, connections and requests; then it moves
 * the clock, lets every build finish and checks that each succeeded. Figures go to stdout and to
 * {@code target/measurements/waiting-pipelines.md}; nothing is asserted about them.
 */
@WithJenkins
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class WaitingPipelinesMeasurement {

    private static final int WINDOW_SECONDS = 60;
    private static final int WINDOWS = 2;
    private static final long SAMPLE_MILLIS = 200;

    /** The token source of this class's Jenkins (registered as a field: the class itself serves only its own test). */
    @TestExtension
    public static final AzureCredentialsTest.LocalTokenIssuer ISSUER = new AzureCredentialsTest.LocalTokenIssuer();

    private final MovableClock clock = new MovableClock();
    private FineTuningEmulator emulator;

    @BeforeEach
    void allowLoopback() {
        FoundryTestSupport.allowLoopbackHttp(true);
    }

    @AfterEach
    void closeEmulator() {
        if (emulator != null) {
            emulator.close();
        }
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    @Order(1)
    void fiftyWaitingPipelines(JenkinsRule j) throws Exception {
        measure(j, 50);
    }

    @Test
    @Order(2)
    void twoHundredWaitingPipelines(JenkinsRule j) throws Exception {
        measure(j, 200);
    }

    private void measure(JenkinsRule j, int builds) throws Exception {
        emulator = FineTuningEmulator.builder()
                .bearerToken(AzureCredentialsTest.TOKEN)
                .clock(clock)
                .pauseDelay(Duration.ofMinutes(10))
                .latency(Duration.ofMillis(50))
                .build()
                .start();
        List<String> ids = emulator.seedRunningJobs(builds);
        AzureCredentials sp = new AzureCredentials(
                CredentialsScope.GLOBAL,
                "sp",
                "service principal",
                "subscription-id",
                "client-id",
                Secret.fromString("client-secret"));
        sp.setAzureEnvironmentName("Azure");
        FoundryTestSupport.addCredentials(sp);
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setEndpoint(emulator.baseUrl());
        config.setCredentialsId("sp");
        List<WorkflowJob> projects = new ArrayList<>();
        for (int i = 0; i < builds; i++) {
            WorkflowJob p = j.createProject(WorkflowJob.class, "wait-" + i);
            p.setDefinition(new CpsFlowDefinition(
                    "def job = pauseFineTune(jobId: '" + ids.get(i) + "', wait: true, timeout: 3600)\n"
                            + "echo \"final status: ${job.status}\"",
                    true));
            projects.add(p);
        }
        System.gc();
        Thread.sleep(2_000); // let start-up threads settle before the baseline
        ThreadCensus before = ThreadCensus.now();
        int tokensBefore = ISSUER.tokenRequests();
        int sourcesBefore = ISSUER.tokenSourcesMade();

        long started = System.nanoTime();
        List<WorkflowRun> runs = new ArrayList<>();
        var futures = projects.stream().map(p -> p.scheduleBuild2(0)).toList();
        for (var f : futures) {
            runs.add(f.waitForStart());
        }
        awaitAllWaiting(j, ids, runs);
        double secondsToAllWaiting = (System.nanoTime() - started) / 1e9;

        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "%n### %d waiting Pipelines%n%nall %d waiting %.1f s after the first was scheduled;"
                        + " thread baseline before the builds: %d (plugin %d, emulator %d)%n%n",
                builds,
                builds,
                secondsToAllWaiting,
                before.total(),
                before.plugin(),
                before.emulator()));
        report.append("| window | plugin threads (max) | plugin threads working (max / mean) | JVM threads over the"
                + " baseline, the emulator's left out (max / mean) | emulator threads (max) | polls in flight (max / mean) | requests"
                + " | requests/min | connections opened (total) | token requests (total) | 1-min load |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        ThreadCensus last = before;
        StringBuilder peaks = new StringBuilder();
        for (int w = 1; w <= WINDOWS; w++) {
            Window window = sample(before);
            last = window.last;
            peaks.append(String.format(
                    Locale.ROOT,
                    "%nwindow %d, threads grown at the JVM's peak, by name: %s",
                    w,
                    window.atMax.grownSince(before)));
            peaks.append(String.format(
                    Locale.ROOT,
                    "%nwindow %d, what the plugin's working threads did at their peak: %s",
                    w,
                    window.atBusiest.busyPluginStacks()));
            report.append(String.format(
                    Locale.ROOT,
                    "| %d (%d–%d s) | %d | %d / %.1f | %d / %.1f | %d | %d / %.2f | %d | %.0f | %d | %d | %s |%n",
                    w,
                    (w - 1) * WINDOW_SECONDS,
                    w * WINDOW_SECONDS,
                    window.pluginMax,
                    window.pluginBusyMax,
                    window.pluginBusyMean,
                    window.jvmOverMax,
                    window.jvmOverMean,
                    window.emulatorMax,
                    window.inFlightMax,
                    window.inFlightMean,
                    window.requests,
                    window.requests * 60.0 / window.seconds,
                    emulator.connectionsSeen(),
                    ISSUER.tokenRequests() - tokensBefore,
                    loadAverage()));
        }
        report.append(String.format(
                Locale.ROOT,
                "%ntoken sources made (credential resolved into an azure-identity credential): %d;"
                        + " threads grown at the end of the last window, by name: %s%n",
                ISSUER.tokenSourcesMade() - sourcesBefore,
                last.grownSince(before)));
        report.append(peaks).append(System.lineSeparator());

        int requestsBeforeRelease = emulator.requestCount();
        long releasing = System.nanoTime();
        clock.advance(Duration.ofMinutes(11)); // the emulator lets every job reach paused
        for (WorkflowRun b : runs) {
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("final status: paused", b);
        }
        report.append(String.format(
                Locale.ROOT,
                "all %d builds SUCCESS, final status paused, %.1f s after the clock moved (%d requests in that"
                        + " time); in all: %d requests, %d connections, %d token requests%n",
                builds,
                (System.nanoTime() - releasing) / 1e9,
                emulator.requestCount() - requestsBeforeRelease,
                emulator.requestCount(),
                emulator.connectionsSeen(),
                ISSUER.tokenRequests() - tokensBefore));
        System.out.println(report);
        write(report.toString());
    }

    /** Every job is pausing and every build has seen it: from now on each build only waits. */
    private void awaitAllWaiting(JenkinsRule j, List<String> ids, List<WorkflowRun> runs) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!ids.stream().allMatch(id -> emulator.job(id).status().equals("pausing"))) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not every job reached pausing in 10 minutes");
            }
            Thread.sleep(100);
        }
        for (WorkflowRun b : runs) {
            j.waitForMessage("running → pausing", b);
        }
    }

    private static final class Window {
        int pluginMax;
        int pluginBusyMax;
        double pluginBusyMean;
        int jvmOverMax;
        double jvmOverMean;
        int emulatorMax;
        int inFlightMax;
        double inFlightMean;
        int requests;
        double seconds;
        ThreadCensus last;
        ThreadCensus atMax;
        ThreadCensus atBusiest;
    }

    private Window sample(ThreadCensus before) throws InterruptedException {
        Window w = new Window();
        int requestsAtStart = emulator.requestCount();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
        long samples = 0;
        long busySum = 0;
        long overSum = 0;
        long inFlightSum = 0;
        while (System.nanoTime() < end) {
            ThreadCensus c = ThreadCensus.now();
            int inFlight = emulator.requestsInFlight();
            samples++;
            w.pluginMax = Math.max(w.pluginMax, c.plugin());
            if (c.pluginBusy() > w.pluginBusyMax || w.atBusiest == null) {
                w.pluginBusyMax = c.pluginBusy();
                w.atBusiest = c;
            }
            busySum += c.pluginBusy();
            int over = (c.total() - c.emulator()) - (before.total() - before.emulator());
            if (over > w.jvmOverMax || w.atMax == null) {
                w.jvmOverMax = over;
                w.atMax = c;
            }
            overSum += over;
            w.emulatorMax = Math.max(w.emulatorMax, c.emulator());
            w.inFlightMax = Math.max(w.inFlightMax, inFlight);
            inFlightSum += inFlight;
            w.last = c;
            Thread.sleep(SAMPLE_MILLIS);
        }
        w.seconds = (System.nanoTime() - start) / 1e9;
        w.requests = emulator.requestCount() - requestsAtStart;
        w.pluginBusyMean = (double) busySum / samples;
        w.jvmOverMean = (double) overSum / samples;
        w.inFlightMean = (double) inFlightSum / samples;
        return w;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static void write(String text) throws IOException {
        Path dir = Path.of(System.getProperty("buildDirectory", "target"), "measurements");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("waiting-pipelines.md"),
                text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
