package io.jenkins.plugins.finetune.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The standalone emulator's command line, parsed by hand: a dozen flags do not need a library. {@code apiKey} is the
 * test server's own key and {@code apiKeyEnv} the name of a variable: a command line held in memory, never stored.
 */
@SuppressWarnings("lgtm[jenkins/plaintext-storage]")
record CliOptions(
        int port,
        String apiKey,
        String apiKeyEnv,
        List<String> bearerTokens,
        List<SeedPlan.Group> seeds,
        Duration latency,
        Duration pauseDelay,
        Duration resumeDelay,
        Duration stepDuration,
        boolean quiet,
        boolean help,
        int rateLimitRps) {

    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar foundry-fine-tuning-emulator.jar (--api-key KEY | --api-key-env NAME) [options]",
            "",
            "Serves the Azure AI Foundry v1 fine-tuning routes on 127.0.0.1 until stopped.",
            "",
            "  --api-key KEY          key accepted in the api-key header (a local test key: it is shown in the banner)",
            "  --api-key-env NAME     the same, read from environment variable NAME (the banner says $NAME)",
            "  --bearer-token TOKEN   token accepted as 'Authorization: Bearer TOKEN' (repeatable)",
            "  --port N               port to listen on, 0 for any free port (default 8089)",
            "  --jobs SPEC            jobs to seed: a number of running jobs, or STATUS=COUNT pairs such as",
            "                         running=5,paused=2,succeeded=1 (default 3 running)",
            "  --suffix S             suffix of the jobs --jobs seeds",
            "  --model M              base model of the jobs --jobs seeds (default gpt-4o-mini)",
            "  --metadata KEY=VALUE   metadata of the jobs --jobs seeds (repeatable)",
            "  --jobs-file FILE       jobs to seed from a JSON array such as",
            "                         [{\"status\":\"paused\",\"count\":2,\"suffix\":\"nightly-\",\"model\":\"gpt-4.1-mini\",",
            "                           \"metadata\":{\"pause_at_night\":\"true\"}}, {\"id\":\"ftjob-abc\"}]",
            "  --latency-ms N         latency added to every request (default 0)",
            "  --pause-delay-ms N     how long 'pausing' lasts before 'paused' (default 1000)",
            "  --resume-delay-ms N    how long 'resuming' lasts before 'running' (default 1000)",
            "  --step-ms N            running time per training step; a job trains total_steps (default 1000)",
            "                         steps, then succeeds (default 10000: 2 h 47 min)",
            "  --rate-limit-rps N     requests per second per key, then 429 with Retry-After (default 0: none)",
            "  --quiet                no line per request",
            "  --help                 this text");

    /** A command line that cannot be run; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CliOptions parse(String... args) throws UsageException {
        return parse(System::getenv, args);
    }

    static CliOptions parse(Function<String, String> env, String... args) throws UsageException {
        int port = 8089;
        String apiKey = null;
        String apiKeyEnv = null;
        List<String> bearerTokens = new ArrayList<>();
        String jobs = null;
        String suffix = null;
        String model = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        Path jobsFile = null;
        long latencyMs = 0;
        long pauseDelayMs = 1000;
        long resumeDelayMs = 1000;
        long stepMs = FineTuningEmulator.DEFAULT_STEP_DURATION.toMillis();
        boolean quiet = false;
        int rateLimitRps = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    return new CliOptions(
                            port,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            Duration.ZERO,
                            Duration.ZERO,
                            Duration.ZERO,
                            FineTuningEmulator.DEFAULT_STEP_DURATION,
                            quiet,
                            true,
                            rateLimitRps);
                }
                case "--quiet" -> quiet = true;
                case "--api-key",
                        "--api-key-env",
                        "--bearer-token",
                        "--port",
                        "--jobs",
                        "--suffix",
                        "--model",
                        "--metadata",
                        "--jobs-file",
                        "--latency-ms",
                        "--pause-delay-ms",
                        "--resume-delay-ms",
                        "--step-ms",
                        "--rate-limit-rps" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--api-key" -> apiKey = nonBlank(arg, value);
                        case "--api-key-env" -> apiKeyEnv = nonBlank(arg, value);
                        case "--bearer-token" -> bearerTokens.add(nonBlank(arg, value));
                        case "--port" -> port = (int) number(arg, value, 0, 65535);
                        case "--jobs" -> jobs = nonBlank(arg, value);
                        case "--suffix" -> suffix = nonBlank(arg, value);
                        case "--model" -> model = nonBlank(arg, value);
                        case "--metadata" -> {
                            int split = value.indexOf('=');
                            if (split <= 0) {
                                throw new UsageException("--metadata takes KEY=VALUE, e.g. pause_at_night=true");
                            }
                            metadata.put(value.substring(0, split), value.substring(split + 1));
                        }
                        case "--jobs-file" -> jobsFile = Path.of(nonBlank(arg, value));
                        case "--latency-ms" -> latencyMs = number(arg, value, 0, 600_000);
                        case "--pause-delay-ms" -> pauseDelayMs = number(arg, value, 0, 86_400_000);
                        case "--rate-limit-rps" -> rateLimitRps = (int) number(arg, value, 0, 1_000_000);
                        case "--step-ms" -> stepMs = number(arg, value, 0, 86_400_000);
                        default -> resumeDelayMs = number(arg, value, 0, 86_400_000);
                    }
                }
                // Name options only: an unknown argument may be a secret typed in the wrong place.
                default ->
                    throw new UsageException(
                            arg.matches("--?[A-Za-z][A-Za-z0-9-]{0,40}")
                                    ? "unknown option: " + arg
                                    : "unexpected argument (not repeated here, in case it is a secret)");
            }
        }
        if (apiKey != null && apiKeyEnv != null) {
            throw new UsageException("--api-key and --api-key-env: give one of them, not both");
        }
        if (apiKeyEnv != null) {
            apiKey = env.apply(apiKeyEnv);
            if (apiKey == null || apiKey.isBlank()) {
                throw new UsageException("--api-key-env: environment variable " + apiKeyEnv + " is not set or empty");
            }
        }
        if (apiKey == null && bearerTokens.isEmpty()) {
            throw new UsageException(
                    "--api-key KEY (or --api-key-env NAME) is required, or at least one --bearer-token");
        }
        List<SeedPlan.Group> seeds = new ArrayList<>();
        if (jobsFile != null) {
            seeds.addAll(SeedPlan.fromFile(jobsFile));
        }
        if (jobs != null || jobsFile == null) {
            seeds.addAll(
                    SeedPlan.fromSpec(jobs == null ? "3" : jobs, suffix, model, metadata.isEmpty() ? null : metadata));
        } else if (suffix != null || model != null || !metadata.isEmpty()) {
            throw new UsageException("--suffix, --model and --metadata describe the jobs of --jobs; give --jobs too");
        }
        return new CliOptions(
                port,
                apiKey,
                apiKeyEnv,
                List.copyOf(bearerTokens),
                List.copyOf(seeds),
                Duration.ofMillis(latencyMs),
                Duration.ofMillis(pauseDelayMs),
                Duration.ofMillis(resumeDelayMs),
                Duration.ofMillis(stepMs),
                quiet,
                false,
                rateLimitRps);
    }

    /** Jobs to seed in total. */
    int jobs() {
        return seeds.stream().mapToInt(SeedPlan.Group::count).sum();
    }

    @Override
    public String toString() {
        return "CliOptions[port=" + port + ", jobs=" + jobs() + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", bearerTokens=" + bearerTokens.size() + "]";
    }

    private static String nonBlank(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be blank");
        }
        return value;
    }

    private static long number(String flag, String value, long min, long max) throws UsageException {
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new UsageException(flag + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
