package io.jenkins.plugins.finetune.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code java -jar foundry-fine-tuning-emulator.jar --api-key KEY [--port 8089] [--jobs running=3,paused=1] ...}:
 * seeds jobs, prints the endpoint, the jobs and a curl line to try, then serves until the process is stopped.
 * Exit code 2 on a bad command line.
 */
public final class EmulatorMain {
    static final int USAGE_ERROR = 2;

    private EmulatorMain() {}

    // The emulator's own process entry point (java -jar): Jenkins never loads it; the plugin compiles the
    // emulator into its tests only. Exit code 2 tells a shell the command line was wrong.
    @SuppressWarnings("lgtm[jenkins/unsafe-calls]")
    public static void main(String[] args) throws InterruptedException {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.println(CliOptions.USAGE);
            System.exit(USAGE_ERROR);
            return;
        }
        if (options.help()) {
            System.out.println(CliOptions.USAGE);
            return;
        }
        FineTuningEmulator emulator;
        try {
            emulator = start(options, System.out);
        } catch (UncheckedIOException e) {
            // One line, not a trace: the usual cause is a second emulator on the same port.
            System.err.println("error: " + cannotListen(options.port(), e.getCause()));
            System.exit(e.getCause() instanceof BindException ? USAGE_ERROR : 1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "foundry-emulator-shutdown"));
        emulator.awaitClose();
    }

    /** Why the emulator could not listen, and what to do about it. */
    static String cannotListen(int port, IOException cause) {
        if (cause instanceof BindException) {
            return "--port " + port + ": 127.0.0.1:" + port + " is already in use (another emulator?); stop the"
                    + " process listening there, pick another port with --port N, or use --port 0 for a free one";
        }
        return "cannot listen on 127.0.0.1:" + port + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * Starts the emulator as {@code java -jar} would, minus waiting for Ctrl+C: for tests that run
     * documented command lines. The caller closes it.
     *
     * @param env where {@code --api-key-env} is looked up
     * @throws IllegalArgumentException with the usage error {@code main} would print
     */
    public static FineTuningEmulator startFromCommandLine(
            Function<String, String> env, PrintStream out, String... args) {
        try {
            return start(CliOptions.parse(env, args), out);
        } catch (CliOptions.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static FineTuningEmulator start(CliOptions options, PrintStream out) {
        FineTuningEmulator.Builder builder = FineTuningEmulator.builder()
                .apiKey(options.apiKey())
                .port(options.port())
                .latency(options.latency())
                .pauseDelay(options.pauseDelay())
                .stepDuration(options.stepDuration())
                .resumeDelay(options.resumeDelay())
                .rateLimit(options.rateLimitRps());
        options.bearerTokens().forEach(builder::bearerToken);
        if (!options.quiet()) {
            builder.accessLog(line -> out.println("  " + line));
        }
        FineTuningEmulator emulator = builder.build().start();
        List<String> ids = new ArrayList<>();
        for (SeedPlan.Group group : options.seeds()) {
            for (int i = 0; i < group.count(); i++) {
                ids.add(emulator.seedJob(group.seed()));
            }
        }
        printBanner(emulator, options, ids, out);
        return emulator;
    }

    /**
     * The curl line works when pasted: a key given with {@code --api-key} is on the command line already
     * (a local test key), so it is shown; a key from {@code --api-key-env NAME} is left to the shell as
     * {@code $NAME}.
     */
    private static void printBanner(
            FineTuningEmulator emulator, CliOptions options, List<String> ids, PrintStream out) {
        String endpoint = emulator.baseUrl();
        out.println("Azure AI Foundry fine-tuning emulator");
        out.println("endpoint: " + endpoint);
        out.println("routes:   " + endpoint
                + "/openai/v1/fine_tuning/jobs[/{id}[/pause|resume|cancel|events|checkpoints]]");
        out.println("          " + endpoint + "/openai/fine_tuning/jobs...?api-version=2025-04-01-preview");
        out.println("auth:     " + (options.apiKey() == null ? "" : "api-key header")
                + (options.bearerTokens().isEmpty()
                        ? ""
                        : (options.apiKey() == null ? "" : "; ")
                                + options.bearerTokens().size() + " bearer token(s)"));
        if (options.rateLimitRps() > 0) {
            out.println("limit:    " + options.rateLimitRps() + " requests/s per key, then 429 with Retry-After");
        }
        out.println("jobs:     " + (ids.isEmpty() ? "(none seeded)" : String.join(" ", ids)));
        int statusWidth = ids.stream()
                .mapToInt(id -> emulator.job(id).status().length())
                .max()
                .orElse(0);
        for (String id : ids) {
            JobSnapshot job = emulator.job(id);
            out.println("          " + id + "  " + pad(job.status(), statusWidth) + "  " + job.model()
                    + (job.suffix() == null ? "" : "  suffix " + job.suffix())
                    + (job.metadata() == null || job.metadata().isEmpty() ? "" : "  metadata " + job.metadata()));
        }
        out.println("try:");
        String running = ids.stream()
                .filter(id -> JobStatus.RUNNING.equals(emulator.job(id).status()))
                .findFirst()
                .orElse(null);
        String credential = "-H " + credentialHeader(options);
        if (running == null) {
            out.println("  curl " + credential + " '" + endpoint + "/openai/v1/fine_tuning/jobs?api-version=v1'");
        } else {
            out.println("  curl -X POST " + credential + " '" + endpoint + "/openai/v1/fine_tuning/jobs/" + running
                    + "/pause?api-version=v1'");
        }
        out.println("Stop with Ctrl+C.");
        out.flush();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String credentialHeader(CliOptions options) {
        if (options.apiKeyEnv() != null) {
            return "\"api-key: $" + options.apiKeyEnv() + "\"";
        }
        if (options.apiKey() != null) {
            return shellQuoted("api-key: " + options.apiKey());
        }
        return shellQuoted("Authorization: Bearer " + options.bearerTokens().get(0));
    }

    /** Single quotes keep the shell from reading {@code $} or spaces; a quote inside is closed and escaped. */
    static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
