package io.jenkins.plugins.finetune.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The standalone emulator's command line, parsed by hand: seven flags do not need a library. */
record CliOptions(
        int port,
        String apiKey,
        List<String> bearerTokens,
        int jobs,
        Duration latency,
        Duration pauseDelay,
        Duration resumeDelay,
        boolean quiet,
        boolean help,
        int rateLimitRps) {

    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar foundry-fine-tuning-emulator.jar --api-key KEY [options]",
            "",
            "Serves the Azure AI Foundry v1 fine-tuning routes on 127.0.0.1 until stopped.",
            "",
            "  --api-key KEY          key accepted in the api-key header (required unless --bearer-token)",
            "  --bearer-token TOKEN   token accepted as 'Authorization: Bearer TOKEN' (repeatable)",
            "  --port N               port to listen on, 0 for any free port (default 8089)",
            "  --jobs N               running jobs to seed (default 3)",
            "  --latency-ms N         latency added to every request (default 0)",
            "  --pause-delay-ms N     how long 'pausing' lasts before 'paused' (default 1000)",
            "  --resume-delay-ms N    how long 'resuming' lasts before 'running' (default 1000)",
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
        int port = 8089;
        String apiKey = null;
        List<String> bearerTokens = new ArrayList<>();
        int jobs = 3;
        long latencyMs = 0;
        long pauseDelayMs = 1000;
        long resumeDelayMs = 1000;
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
                            apiKey,
                            bearerTokens,
                            jobs,
                            Duration.ZERO,
                            Duration.ZERO,
                            Duration.ZERO,
                            quiet,
                            true,
                            rateLimitRps);
                }
                case "--quiet" -> quiet = true;
                case "--api-key",
                        "--bearer-token",
                        "--port",
                        "--jobs",
                        "--latency-ms",
                        "--pause-delay-ms",
                        "--resume-delay-ms",
                        "--rate-limit-rps" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--api-key" -> apiKey = nonBlank(arg, value);
                        case "--bearer-token" -> bearerTokens.add(nonBlank(arg, value));
                        case "--port" -> port = (int) number(arg, value, 0, 65535);
                        case "--jobs" -> jobs = (int) number(arg, value, 0, 10_000);
                        case "--latency-ms" -> latencyMs = number(arg, value, 0, 600_000);
                        case "--pause-delay-ms" -> pauseDelayMs = number(arg, value, 0, 86_400_000);
                        case "--rate-limit-rps" -> rateLimitRps = (int) number(arg, value, 0, 1_000_000);
                        default -> resumeDelayMs = number(arg, value, 0, 86_400_000);
                    }
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        if (apiKey == null && bearerTokens.isEmpty()) {
            throw new UsageException("--api-key KEY is required (or at least one --bearer-token)");
        }
        return new CliOptions(
                port,
                apiKey,
                List.copyOf(bearerTokens),
                jobs,
                Duration.ofMillis(latencyMs),
                Duration.ofMillis(pauseDelayMs),
                Duration.ofMillis(resumeDelayMs),
                quiet,
                false,
                rateLimitRps);
    }

    @Override
    public String toString() {
        return "CliOptions[port=" + port + ", jobs=" + jobs + ", apiKey=" + (apiKey == null ? "none" : "****")
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
