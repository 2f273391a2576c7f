package io.jenkins.plugins.finetune.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.calls.FoundryExecutors;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Not a test: a measurement (run it on purpose, see docs/performance.md). {@code pauseFineTunes(status: 'running')}
 * over 1,000 running jobs with 50 ms latency on every request, through a real Pipeline build, side by side with the
 * CLI's {@code pause-jobs --status running} in the same JVM (its shaded jar in its own class loader, its
 * {@code FoundryCli.commandLine(env).execute(args)}: what {@code main} runs, without the JVM start and
 * {@code System.exit}) and, for reference, as a {@code java -jar} subprocess. Both sides use their defaults
 * (adaptive concurrency up to 64, 64 pooled connections, 3 retries); the Pipeline runs three ways: the defaults with
 * a script that counts the paused jobs with a CPS {@code findAll} over the result, the same with the result's own
 * {@code counts()}, and the baseline: the {@code findAll} script with the bulk share of before issue 26
 * ({@code bulkPauseMeasurement.baselineShare}, 32). Each invocation gets a fresh emulator with 1,000 running jobs;
 * the order of those four rotates per round. Figures go to stdout and
 * {@code target/measurements/bulk-pause.{md,csv}}; only the outcome (every job paused) is checked.
 */
@WithJenkins
class BulkPauseMeasurement {

    private static final int JOBS = 1_000;
    private static final int WARM_UP_ROUNDS = 1;
    private static final int ROUNDS = Integer.getInteger("bulkPauseMeasurement.rounds", 5);
    /** The per-change bulk share of the baseline side (the default before issue 26). */
    private static final int BASELINE_SHARE = Integer.getInteger("bulkPauseMeasurement.baselineShare", 32);

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

    /** One invocation: wall time, and the span from the first request received to the last answered. */
    private record Timing(
            String side,
            int round,
            double wallSeconds,
            double requestSpanSeconds,
            double beforeFirstRequestSeconds,
            double afterLastRequestSeconds,
            int requests,
            double listingSeconds,
            double firstChangeSeconds) {}

    @Test
    void pipelineStepAndCliSideBySide(JenkinsRule j) throws Exception {
        Path cliJar = cliJar();
        FoundryTestSupport.addApiKey(FoundryTestSupport.CREDENTIALS_ID, FoundryTestSupport.API_KEY);
        FoundryFineTuningConfiguration.get().setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
        // The script users wrote before the result could count itself: a CPS closure over the 1,000 maps.
        WorkflowJob pipeline = j.createProject(WorkflowJob.class, "bulk-pause");
        pipeline.setDefinition(new CpsFlowDefinition(
                "def r = pauseFineTunes(status: 'running')\n"
                        + "echo \"paused: ${r.findAll { it.outcome == 'paused' }.size()} of ${r.size()}\"",
                true));
        // The same, counted by the result itself (docs/steps.md's example).
        WorkflowJob counted = j.createProject(WorkflowJob.class, "bulk-pause-counts");
        counted.setDefinition(new CpsFlowDefinition(
                "def r = pauseFineTunes(status: 'running')\n" + "echo \"paused: ${r.counts().paused} of ${r.size()}\"",
                true));
        // For scale: the same step, its result only sized.
        WorkflowJob sizeOnly = j.createProject(WorkflowJob.class, "bulk-pause-size-only");
        sizeOnly.setDefinition(new CpsFlowDefinition(
                "def r = pauseFineTunes(status: 'running')\n" + "echo \"selected: ${r.size()}\"", true));
        WorkflowJob empty = j.createProject(WorkflowJob.class, "empty");
        empty.setDefinition(new CpsFlowDefinition("echo 'nothing to do'", true));
        String paused = "paused: " + JOBS + " of " + JOBS;
        List<Timing> timings = new ArrayList<>();
        try (URLClassLoader cliLoader =
                new URLClassLoader(new URL[] {cliJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            List<Side> sides = List.of(
                    r -> viaPipelineWithShare(j, pipeline, r, "pipeline-share-" + BASELINE_SHARE, paused),
                    r -> viaPipeline(j, pipeline, r, "pipeline", paused),
                    r -> viaPipeline(j, counted, r, "pipeline-counts", paused),
                    r -> viaCliInProcess(cliLoader, r));
            for (int round = 1 - WARM_UP_ROUNDS; round <= ROUNDS; round++) {
                for (int i = 0; i < sides.size(); i++) { // each round starts with the next side
                    Timing t = sides.get(Math.floorMod(round + i, sides.size())).measure(round);
                    timings.add(t);
                    System.out.println("[bulk-pause] " + t);
                }
                Timing sized = viaPipeline(j, sizeOnly, round, "pipeline-result-size-only", "selected: " + JOBS);
                timings.add(sized);
                System.out.println("[bulk-pause] " + sized);
                long emptyStart = System.nanoTime();
                j.buildAndAssertSuccess(empty);
                Timing none =
                        new Timing("pipeline-empty", round, (System.nanoTime() - emptyStart) / 1e9, 0, 0, 0, 0, 0, 0);
                timings.add(none);
                System.out.println("[bulk-pause] " + none);
                Timing sub = viaCliSubprocess(cliJar, round);
                timings.add(sub);
                System.out.println("[bulk-pause] " + sub + " load " + WaitingPipelinesMeasurement.loadAverage());
            }
        }
        report(timings);
    }

    /** One side of a round. */
    private interface Side {
        Timing measure(int round) throws Exception;
    }

    /**
     * The baseline: the bulk share of the defaults before issue 26 (32 requests at a time per change), set the way
     * an administrator would (the system property, read when the bulk pool starts), for this build only.
     */
    private Timing viaPipelineWithShare(JenkinsRule j, WorkflowJob pipeline, int round, String side, String logLine)
            throws Exception {
        FoundryExecutors.stopAll(); // nothing runs between builds: the next use starts a pool that reads the property
        System.setProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE, String.valueOf(BASELINE_SHARE));
        try {
            return viaPipeline(j, pipeline, round, side, logLine);
        } finally {
            FoundryExecutors.stopAll();
            System.clearProperty(FoundryExecutors.BULK_REQUESTS_PER_CHANGE);
        }
    }

    private Timing viaPipeline(JenkinsRule j, WorkflowJob pipeline, int round, String side, String logLine)
            throws Exception {
        startEmulator();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        WorkflowRun b = j.buildAndAssertSuccess(pipeline);
        double wall = (System.nanoTime() - start) / 1e9;
        j.assertLogContains(logLine, b);
        return finished(side, round, wall, startedAt);
    }

    private Timing viaCliInProcess(ClassLoader loader, int round) throws Exception {
        startEmulator();
        Class<?> cli = loader.loadClass("io.jenkins.plugins.finetune.cli.FoundryCli");
        Class<?> commandLineClass = loader.loadClass("picocli.CommandLine");
        Function<String, String> env = name -> name.equals("AZURE_OPENAI_API_KEY") ? FoundryTestSupport.API_KEY : null;
        Object commandLine = cli.getMethod("commandLine", Function.class).invoke(null, env);
        StringWriter err = new StringWriter();
        commandLineClass
                .getMethod("setOut", PrintWriter.class)
                .invoke(commandLine, new PrintWriter(Writer.nullWriter()));
        commandLineClass.getMethod("setErr", PrintWriter.class).invoke(commandLine, new PrintWriter(err));
        Method execute = commandLineClass.getMethod("execute", String[].class);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        int code = (Integer) execute.invoke(commandLine, (Object) cliArguments());
        double wall = (System.nanoTime() - start) / 1e9;
        assertEquals(0, code, () -> "CLI exit code; stderr: " + err);
        return finished("cli-in-process", round, wall, startedAt);
    }

    private Timing viaCliSubprocess(Path cliJar, int round) throws Exception {
        startEmulator();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cliJar.toString()));
        command.addAll(List.of(cliArguments()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AZURE_OPENAI_API_KEY", FoundryTestSupport.API_KEY);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        int code = pb.start().waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        assertEquals(0, code, "CLI subprocess exit code");
        return finished("cli-subprocess", round, wall, startedAt);
    }

    private String[] cliArguments() {
        return new String[] {"pause-jobs", "--endpoint", emulator.baseUrl(), "--status", "running", "-o", "jsonl"};
    }

    private void startEmulator() {
        if (emulator != null) {
            emulator.close();
        }
        emulator = FineTuningEmulator.builder()
                .apiKey(FoundryTestSupport.API_KEY)
                .latency(Duration.ofMillis(50))
                .pauseDelay(Duration.ofMinutes(30))
                .build()
                .start();
        emulator.seedRunningJobs(JOBS);
    }

    /** Checks that every job left running and returns the timing with the request span. */
    private Timing finished(String side, int round, double wall, Instant startedAt) {
        long stillRunning = emulator.jobIds().stream()
                .filter(id -> emulator.job(id).status().equals("running"))
                .count();
        assertEquals(0, stillRunning, side + ": jobs still running");
        List<RecordedRequest> requests = emulator.requests();
        Instant first = requests.stream()
                .map(RecordedRequest::receivedAt)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant last = requests.stream()
                .map(RecordedRequest::receivedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        double span = Duration.between(first, last).plusMillis(50).toNanos() / 1e9;
        double before = Duration.between(startedAt, first).toNanos() / 1e9;
        // The listing: its pages are the GETs; the answer to the last page comes 50 ms after it was received.
        Instant lastPage = requests.stream()
                .filter(r -> r.method().equals("GET"))
                .map(RecordedRequest::receivedAt)
                .max(Comparator.naturalOrder())
                .orElse(first);
        Instant firstChange = requests.stream()
                .filter(r -> r.method().equals("POST"))
                .map(RecordedRequest::receivedAt)
                .min(Comparator.naturalOrder())
                .orElse(first);
        double listing = Duration.between(first, lastPage).plusMillis(50).toNanos() / 1e9;
        double firstChangeAfter = Duration.between(first, firstChange).toNanos() / 1e9;
        return new Timing(
                side, round, wall, span, before, wall - before - span, requests.size(), listing, firstChangeAfter);
    }

    private static Path cliJar() {
        Path jar = Path.of(System.getProperty(
                "bulkPauseMeasurement.cliJar",
                Path.of(System.getProperty("buildDirectory", "target"))
                        .resolveSibling("toolkit/cli/target/foundry-fine-tuning-cli.jar")
                        .toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it first with mvn -B -ntp -f toolkit -DskipTests package");
        }
        return jar;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void report(List<Timing> timings) throws Exception {
        StringBuilder csv =
                new StringBuilder("side,round,wall_s,request_span_s,before_first_s,after_last_s,requests,listing_s,"
                        + "first_change_s\n");
        for (Timing t : timings) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%.3f,%.3f,%.3f,%.3f,%d,%.3f,%.3f%n",
                    t.side,
                    t.round,
                    t.wallSeconds,
                    t.requestSpanSeconds,
                    t.beforeFirstRequestSeconds,
                    t.afterLastRequestSeconds,
                    t.requests,
                    t.listingSeconds,
                    t.firstChangeSeconds));
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%n### pauseFineTunes over %d jobs, 50 ms latency (%d measured rounds after %d warm-up)%n%n",
                JOBS,
                ROUNDS,
                WARM_UP_ROUNDS));
        md.append("| side | wall time of each round, s | median wall, s | request span of each round, s |"
                + " median span, s | median before the first request, s | median after the last answer, s |"
                + " median listing (first request to last page's answer), s | median first change after the first"
                + " request, s |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---:|\n");
        Map<String, double[]> medians = new java.util.LinkedHashMap<>();
        String baseline = "pipeline-share-" + BASELINE_SHARE;
        for (String side : List.of(
                baseline,
                "pipeline",
                "pipeline-counts",
                "cli-in-process",
                "cli-subprocess",
                "pipeline-result-size-only",
                "pipeline-empty")) {
            List<Timing> measured = timings.stream()
                    .filter(t -> t.side.equals(side) && t.round >= 1)
                    .toList();
            List<Double> walls = measured.stream().map(Timing::wallSeconds).toList();
            List<Double> spans =
                    measured.stream().map(Timing::requestSpanSeconds).toList();
            medians.put(side, new double[] {median(walls), median(spans)});
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    side,
                    join(walls),
                    median(walls),
                    join(spans),
                    median(spans),
                    median(measured.stream()
                            .map(Timing::beforeFirstRequestSeconds)
                            .toList()),
                    median(measured.stream()
                            .map(Timing::afterLastRequestSeconds)
                            .toList()),
                    median(measured.stream().map(Timing::listingSeconds).toList()),
                    median(measured.stream().map(Timing::firstChangeSeconds).toList())));
        }
        double[] c = medians.get("cli-in-process");
        md.append("\n| ratio of medians to the CLI in-process | wall | request span |\n|---|---:|---:|\n");
        for (String side :
                List.of(baseline, "pipeline", "pipeline-counts", "pipeline-result-size-only", "cli-subprocess")) {
            double[] m = medians.get(side);
            md.append(String.format(Locale.ROOT, "| %s | %.2fx | %.2fx |%n", side, m[0] / c[0], m[1] / c[1]));
        }
        System.out.println(md);
        Path dir = Path.of(System.getProperty("buildDirectory", "target"), "measurements");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bulk-pause.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bulk-pause.md"), md, StandardCharsets.UTF_8);
    }

    private static String join(List<Double> values) {
        return String.join(
                ", ",
                values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
