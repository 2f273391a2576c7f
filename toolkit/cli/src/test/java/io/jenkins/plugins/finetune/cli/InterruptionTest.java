package io.jenkins.plugins.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted during --wait: exit 130 and one line per job not yet final, with its last status. */
@Timeout(60)
class InterruptionTest {

    private static final String KEY = "interrupt-secret-8e21";

    private final Cli cli = new Cli(Map.of("FT_KEY", KEY), List.of(KEY));
    private FineTuningEmulator emulator;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(KEY)
                .pauseDelay(Duration.ofMinutes(5))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void anInterruptedBulkWaitNamesEveryJobItLeavesAndItsStatus() throws Exception {
        List<String> ids = List.of(
                emulator.seedJob(JobSeed.running().suffix("night-1")),
                emulator.seedJob(JobSeed.running().suffix("night-2")));
        Cli.Run[] result = new Cli.Run[1];
        Thread runner = new Thread(() -> result[0] = cli.run(
                "pause-jobs",
                "--suffix",
                "night-",
                "--wait",
                "--endpoint",
                emulator.baseUrl(),
                "--api-key-env",
                "FT_KEY"));
        runner.start();
        awaitPausing(ids);
        Thread.sleep(300);
        runner.interrupt();
        runner.join(20_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(result[0].exitCode()).isEqualTo(130);
        for (String id : ids) {
            assertThat(result[0].err()).contains("Fine-tuning job " + id + ": interrupted; left in status pausing");
        }
        assertThat(result[0].err())
                .contains("error: Interrupted during bulk pause after 0 of the 2 jobs selected so far had finished");
    }

    /** Ctrl-C to the real process: the JVM's shutdown does not interrupt main, our hook does. */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void ctrlCToTheProcessReportsTheJobItLeaves(@TempDir Path dir) throws Exception {
        String id = emulator.seedJob(JobSeed.running());
        File err = dir.resolve("stderr.txt").toFile();
        Process process = cliProcess(err, "pause", id, "--wait", "--poll-interval", "0.2");
        try {
            awaitPausing(List.of(id));
            Thread.sleep(500);
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            assertThat(stderr)
                    .contains("error: Interrupted while waiting for fine-tuning job '" + id
                            + "'; its last status was 'pausing'")
                    .doesNotContain(KEY);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The same through the real process for a bulk change: a line per job, and no worker's stack trace. */
    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void ctrlCToABulkChangeNamesEveryJobWithoutAStackTrace(@TempDir Path dir) throws Exception {
        List<String> ids = List.of(
                emulator.seedJob(JobSeed.running().suffix("cron-1")),
                emulator.seedJob(JobSeed.running().suffix("cron-2")));
        File err = dir.resolve("stderr.txt").toFile();
        Process process = cliProcess(err, "pause-jobs", "--suffix", "cron-", "--wait");
        try {
            awaitPausing(ids);
            Thread.sleep(500);
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(130);
            String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
            for (String id : ids) {
                assertThat(stderr).contains("Fine-tuning job " + id + ": interrupted; left in status pausing");
            }
            assertThat(stderr)
                    .contains("error: Interrupted during bulk pause")
                    .doesNotContain("Exception in thread")
                    .doesNotContain("\tat ");
        } finally {
            process.destroyForcibly();
        }
    }

    private Process cliProcess(File err, String... args) throws Exception {
        List<String> command = new ArrayList<>(sigintRestored());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FoundryCli.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint", emulator.baseUrl(), "--api-key-env", "FT_KEY"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("FT_KEY", KEY);
        return builder.start();
    }

    /**
     * A process started with SIGINT ignored (a background job of a non-interactive shell, {@code trap '' INT}) passes
     * that on to its children, and a JVM that starts with SIGINT ignored never sees Ctrl-C. Restore the default for
     * the CLI's process where coreutils' {@code env} can; else skip, saying why (a skipped test did not run).
     */
    private static List<String> sigintRestored() throws Exception {
        if (!sigintIgnoredHere()) {
            return List.of();
        }
        Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean restorable = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        Assumptions.assumeTrue(
                restorable,
                "this JVM inherited SIGINT as ignored (e.g. run in the background of a non-interactive shell), so the"
                        + " CLI's process would too, and this 'env' cannot restore it (--default-signal)");
        return List.of("env", "--default-signal=INT");
    }

    /** Whether SIGINT (2) is in this process's ignored-signal mask (Linux; elsewhere assumed not). */
    private static boolean sigintIgnoredHere() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(
                        line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private void awaitPausing(List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ids.stream().anyMatch(id -> !"pausing".equals(emulator.job(id).status()))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
