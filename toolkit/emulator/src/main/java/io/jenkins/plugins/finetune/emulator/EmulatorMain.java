package io.jenkins.plugins.finetune.emulator;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar foundry-fine-tuning-emulator.jar --api-key KEY [--port 8089] [--jobs 3] ...}: seeds running
 * jobs, prints the endpoint, the job ids and a curl line to try, then serves until the process is stopped.
 * Exit code 2 on a bad command line.
 */
public final class EmulatorMain {
    static final int USAGE_ERROR = 2;

    private EmulatorMain() {}

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
        FineTuningEmulator emulator = start(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "foundry-emulator-shutdown"));
        emulator.awaitClose();
    }

    static FineTuningEmulator start(CliOptions options, PrintStream out) {
        FineTuningEmulator.Builder builder = FineTuningEmulator.builder()
                .apiKey(options.apiKey())
                .port(options.port())
                .latency(options.latency())
                .pauseDelay(options.pauseDelay())
                .resumeDelay(options.resumeDelay())
                .rateLimit(options.rateLimitRps());
        options.bearerTokens().forEach(builder::bearerToken);
        if (!options.quiet()) {
            builder.accessLog(line -> out.println("  " + line));
        }
        FineTuningEmulator emulator = builder.build().start();
        List<String> ids = emulator.seedRunningJobs(options.jobs());
        printBanner(emulator, options, ids, out);
        return emulator;
    }

    /** Never prints a credential: the curl line says $KEY and leaves the value to the user's shell. */
    private static void printBanner(
            FineTuningEmulator emulator, CliOptions options, List<String> ids, PrintStream out) {
        String endpoint = emulator.baseUrl();
        out.println("Azure AI Foundry fine-tuning emulator");
        out.println("endpoint: " + endpoint);
        out.println("routes:   " + endpoint
                + "/openai/v1/fine_tuning/jobs[/{id}[/pause|resume|cancel|events|checkpoints]]");
        out.println("          " + endpoint + "/openai/fine_tuning/jobs...?api-version=2025-04-01-preview");
        out.println("auth:     " + (options.apiKey() == null ? "" : "api-key header (the --api-key value)")
                + (options.bearerTokens().isEmpty()
                        ? ""
                        : (options.apiKey() == null ? "" : "; ")
                                + options.bearerTokens().size() + " bearer token(s)"));
        if (options.rateLimitRps() > 0) {
            out.println("limit:    " + options.rateLimitRps() + " requests/s per key, then 429 with Retry-After");
        }
        out.println("jobs:     " + (ids.isEmpty() ? "(none seeded)" : String.join(" ", ids)));
        String credential = options.apiKey() != null ? "-H \"api-key: $KEY\"" : "-H \"Authorization: Bearer $TOKEN\"";
        out.println("try:");
        if (ids.isEmpty()) {
            out.println("  curl " + credential + " '" + endpoint + "/openai/v1/fine_tuning/jobs?api-version=v1'");
        } else {
            out.println("  curl -X POST " + credential + " '" + endpoint + "/openai/v1/fine_tuning/jobs/" + ids.get(0)
                    + "/pause?api-version=v1'");
        }
        out.println("Stop with Ctrl+C.");
        out.flush();
    }
}
