package io.jenkins.plugins.finetune.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client names the argument it rejects as the Pipeline steps spell it ({@code jobId: …},
 * {@code maxRetries: …}); on the command line the user typed {@code JOB_ID} or {@code --max-retries}.
 * Each command says how its arguments are spelled ({@link ClientCommand#optionNames()}).
 */
final class OptionNames {

    /** The spellings every command that talks to Azure shares. */
    static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("endpoint", "--endpoint"),
            Map.entry("apiVersion", "--api-version"),
            Map.entry("apiKey", "--api-key-env"),
            Map.entry("token", "--token-env"),
            Map.entry("maxRetries", "--max-retries"),
            Map.entry("connectTimeout", "--connect-timeout"),
            Map.entry("responseTimeout", "--response-timeout"),
            Map.entry("exchangeTimeout", "--exchange-timeout"),
            Map.entry("jobId", "JOB_ID"),
            Map.entry("limit", "--limit"),
            Map.entry("timeout", "--timeout"),
            Map.entry("pollInterval", "--poll-interval"));

    private static final Pattern LEADING_NAME = Pattern.compile("^([A-Za-z]+): ");

    private OptionNames() {}

    /** The message with its leading {@code argument:} spelled as the user typed it; unchanged when unknown. */
    static String spelled(String message, Map<String, String> names) {
        Matcher m = LEADING_NAME.matcher(message);
        if (!m.find() || !names.containsKey(m.group(1))) {
            return message;
        }
        return names.get(m.group(1)) + ": " + message.substring(m.end());
    }
}
