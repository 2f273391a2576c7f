package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.HttpOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The connection and output options every command that talks to Azure shares, and the client they build. */
abstract class ClientCommand implements Callable<Integer> {

    static final String ENDPOINT_ENV = "AZURE_OPENAI_ENDPOINT";

    @ParentCommand
    private FoundryCli root;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description =
                    "Resource endpoint, e.g. https://my-resource.openai.azure.com (default: env " + ENDPOINT_ENV + ").")
    private String endpoint;

    @Option(
            names = "--api-version",
            paramLabel = "VERSION",
            defaultValue = "v1",
            description = "v1 (default), preview, or a dated version such as 2025-04-01-preview.")
    private String apiVersion;

    @Option(
            names = "--api-key-env",
            paramLabel = "NAME",
            description = "Environment variable holding the resource key (default " + EnvCredentials.DEFAULT_API_KEY_ENV
                    + ").")
    @SuppressWarnings("lgtm[jenkins/plaintext-storage]") // the name of a variable, not its value
    private String apiKeyEnv;

    @Option(
            names = "--token-env",
            paramLabel = "NAME",
            description = "Environment variable holding a Microsoft Entra ID access token (instead of a key).")
    @SuppressWarnings("lgtm[jenkins/plaintext-storage]") // the name of a variable, not its value
    private String tokenEnv;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            description = "Time to establish a connection (default 10).")
    private Duration connectTimeout;

    @Option(
            names = "--response-timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            description = "Longest wait for response bytes (default 60).")
    private Duration responseTimeout;

    @Option(
            names = "--exchange-timeout",
            paramLabel = "SECONDS",
            converter = Seconds.class,
            description =
                    "Longest time one request may take in all, even while the server keeps sending" + " (default 120).")
    private Duration exchangeTimeout;

    @Option(
            names = "--max-retries",
            paramLabel = "N",
            description = "Retries on 408/429/5xx and connection failures, 0-10 (default 3).")
    private Integer maxRetries;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "json (default; indented), jsonl (one compact object per line, for pipes) or table."
                    + " Given explicitly as json or jsonl, errors on stderr are a JSON object too.")
    private OutputFormat output;

    @Override
    public final Integer call() {
        validate();
        try (FineTuningClient client = buildClient()) {
            String versionWarning = client.apiVersion().unknownWarning();
            if (versionWarning != null) {
                log("warning: " + versionWarning);
            }
            return run(client);
        }
    }

    /** Checks the command's own arguments before credentials are read; throws a usage error. */
    void validate() {}

    /** Does the work and returns the exit code; failures are thrown and mapped by {@link ErrorReporter}. */
    abstract int run(FineTuningClient client);

    FineTuningClient buildClient() {
        HttpOptions.Builder http = HttpOptions.defaults().toBuilder();
        if (connectTimeout != null) {
            http.connectTimeout(connectTimeout);
        }
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        if (exchangeTimeout != null) {
            http.exchangeTimeout(exchangeTimeout);
        }
        if (maxRetries != null) {
            http.maxRetries(maxRetries);
        }
        return FineTuningClient.builder()
                .endpoint(endpoint())
                .apiVersion(apiVersion)
                .credential(EnvCredentials.resolve(apiKeyEnv, tokenEnv, root.env()))
                .httpOptions(http.build())
                .userAgentSuffix("foundry-fine-tuning-cli/" + VersionProvider.version())
                .failOnIncompleteListing(true)
                .build();
    }

    private String endpoint() {
        String value = endpoint != null ? endpoint : root.env().apply(ENDPOINT_ENV);
        if (value == null || value.isBlank()) {
            throw new UsageException(
                    "--endpoint: is required (or set " + ENDPOINT_ENV + "), e.g. https://my-resource.openai.azure.com");
        }
        return value;
    }

    Output output() {
        return new Output(out(), output);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** How this command spells the arguments the client names in its messages (see {@link OptionNames}). */
    Map<String, String> optionNames() {
        return OptionNames.COMMON;
    }

    /** Progress lines: stderr, so that stdout stays parseable; server text loses its control characters. */
    void log(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(ConsoleText.sanitize(line));
        err.flush();
    }

    /** A warning on stderr when an option that only matters with --wait was given without it. */
    void warnIfWithoutWait(boolean waiting, String option) {
        warnIfWithout(waiting, "--wait", option);
    }

    /** A warning on stderr when {@code option}, which only matters with {@code flag}, was given without it. */
    void warnIfWithout(boolean flagGiven, String flag, String option) {
        if (!flagGiven && spec.commandLine().getParseResult().hasMatchedOption(option)) {
            log("warning: " + option + " has no effect without " + flag + "; it was ignored");
        }
    }

    /** A failure found after the command ran (the results are on stdout), reported like any other. */
    void reportFailure(int code, String message) {
        ErrorReporter.report(spec.commandLine().getErr(), jsonErrors(), code, message, null);
    }

    /** True when errors are written as JSON (an explicit -o json or -o jsonl). */
    boolean jsonErrors() {
        return OutputFormat.explicitlyJson(spec.commandLine().getParseResult().originalArgs());
    }
}
