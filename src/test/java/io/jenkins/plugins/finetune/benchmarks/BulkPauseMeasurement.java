package io.jenkins.plugins.finetune.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.finetune.FoundryTestSupport;
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
 * (adaptive concurrency up to 64, 64 pooled connections, 3 retries). Each invocation gets a fresh emulator with
 * 1,000 running jobs; the order alternates per round. Figures go to stdout and
 * {@code target/measurements/bulk-pause.{md,csv}}; only the outcome (every job paused) is checked.
 */
@WithJenkins
class BulkPauseMeasurement {

    private static final int JOBS = 1_000;
    private static final int WARM_UP_ROUNDS = 1;
    private static final int ROUNDS = Integer.getInteger("bulkPauseMeasurement.rounds", 5);

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
            int requests) {}

    @Test
    void pipelineStepAndCliSideBySide(JenkinsRule j) throws Exception {
        Path cliJar = cliJar();
        FoundryTestSupport.addApiKey(FoundryTestSupport.CREDENTIALS_ID, FoundryTestSupport.API_KEY);
        FoundryFineTuningConfiguration.get().setCredentialsId(FoundryTestSupport.CREDENTIALS_ID);
        WorkflowJob pipeline = j.createProject(WorkflowJob.class, "bulk-pause");
        pipeline.setDefinition(new CpsFlowDefinition(
                "def r = pauseFineTunes(status: 'running')\n"
                        + "echo \"paused: ${r.findAll { it.outcome == 'paused' }.size()} of ${r.size()}\"",
                true));
        // For scale: the same step, its result only counted (no CPS closure over 1,000 maps after it returns).
        WorkflowJob sizeOnly = j.createProject(WorkflowJob.class, "bulk-pause-size-only");
        sizeOnly.setDefinition(new CpsFlowDefinition(
                "def r = pauseFineTunes(status: 'running')\n" + "echo \"selected: ${r.size()}\"", true));
        WorkflowJob empty = j.createProject(WorkflowJob.class, "empty");
        empty.setDefinition(new CpsFlowDefinition("echo 'nothing to do'", true));
        List<Timing> timings = new ArrayList<>();
        try (URLClassLoader cliLoader =
                new URLClassLoader(new URL[] {cliJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (int round = 1 - WARM_UP_ROUNDS; round <= ROUNDS; round++) {
                boolean pipelineFirst = round % 2 != 0;
                for (int side = 0; side < 2; side++) {
                    Timing t = (side == 0) == pipelineFirst
                            ? viaPipeline(j, pipeline, round)
                            : viaCliInProcess(cliLoader, round);
                    timings.add(t);
                    System.out.println("[bulk-pause] " + t);
                }
                Timing counted = viaPipeline(j, sizeOnly, round, "pipeline-result-size-only", "selected: " + JOBS);
                timings.add(counted);
                System.out.println("[bulk-pause] " + counted);
                long emptyStart = System.nanoTime();
                j.buildAndAssertSuccess(empty);
                Timing none = new Timing("pipeline-empty", round, (System.nanoTime() - emptyStart) / 1e9, 0, 0, 0, 0);
                timings.add(none);
                System.out.println("[bulk-pause] " + none);
                Timing sub = viaCliSubprocess(cliJar, round);
                timings.add(sub);
                System.out.println("[bulk-pause] " + sub + " load " + WaitingPipelinesMeasurement.loadAverage());
            }
        }
        report(timings);
    }

    private Timing viaPipeline(JenkinsRule j, WorkflowJob pipeline, int round) throws Exception {
        return viaPipeline(j, pipeline, round, "pipeline", "paused: " + JOBS + " of " + JOBS);
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
        return new Timing(side, round, wall, span, before, wall - before - span, requests.size());
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
                new StringBuilder("side,round,wall_s,request_span_s,before_first_s,after_last_s,requests\n");
        for (Timing t : timings) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%.3f,%.3f,%.3f,%.3f,%d%n",
                    t.side,
                    t.round,
                    t.wallSeconds,
                    t.requestSpanSeconds,
                    t.beforeFirstRequestSeconds,
                    t.afterLastRequestSeconds,
                    t.requests));
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%n### pauseFineTunes over %d jobs, 50 ms latency (%d measured rounds after %d warm-up)%n%n",
                JOBS,
                ROUNDS,
                WARM_UP_ROUNDS));
        md.append("| side | wall time of each round, s | median wall, s | request span of each round, s |"
                + " median span, s | median before the first request, s | median after the last answer, s |\n"
                + "|---|---|---:|---|---:|---:|---:|\n");
        Map<String, double[]> medians = new java.util.LinkedHashMap<>();
        for (String side : List.of(
                "pipeline", "cli-in-process", "cli-subprocess", "pipeline-result-size-only", "pipeline-empty")) {
            List<Timing> measured = timings.stream()
                    .filter(t -> t.side.equals(side) && t.round >= 1)
                    .toList();
            List<Double> walls = measured.stream().map(Timing::wallSeconds).toList();
            List<Double> spans =
                    measured.stream().map(Timing::requestSpanSeconds).toList();
            medians.put(side, new double[] {median(walls), median(spans)});
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %.2f | %.2f | %.2f |%n",
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
                            .toList())));
        }
        double[] p = medians.get("pipeline");
        double[] c = medians.get("cli-in-process");
        double[] s = medians.get("cli-subprocess");
        md.append(String.format(
                Locale.ROOT,
                "%nratio of medians, Pipeline / CLI in-process: wall %.2fx, request span %.2fx;"
                        + " Pipeline / CLI subprocess: wall %.2fx, request span %.2fx%n",
                p[0] / c[0],
                p[1] / c[1],
                p[0] / s[0],
                p[1] / s[1]));
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
