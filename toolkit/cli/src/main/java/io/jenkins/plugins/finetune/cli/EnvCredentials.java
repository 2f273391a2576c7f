package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.AccessToken;
import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Credentials come from environment variables only, named on the command line, so that no secret
 * is ever in an argument list ({@code ps}, shell history, CI logs). Messages name the variable and
 * never show its value.
 */
final class EnvCredentials {

    /** Used when neither {@code --api-key-env} nor {@code --token-env} is given. */
    static final String DEFAULT_API_KEY_ENV = "AZURE_OPENAI_API_KEY";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private EnvCredentials() {}

    /** @throws UsageException when both or neither options are usable, or the variable is unset or empty */
    static FoundryCredential resolve(String apiKeyEnv, String tokenEnv, Function<String, String> env) {
        if (apiKeyEnv != null && tokenEnv != null) {
            throw new UsageException("--api-key-env and --token-env: give one of them, not both");
        }
        if (tokenEnv != null) {
            String token = read(env, tokenEnv, "--token-env", "");
            // A token from the environment cannot be refreshed: hand out the same one for the whole run.
            return new BearerTokenCredential(scope -> new AccessToken(token, Instant.MAX));
        }
        String name = apiKeyEnv != null ? apiKeyEnv : DEFAULT_API_KEY_ENV;
        return new ApiKeyCredential(read(env, name, "--api-key-env", apiKeyEnv != null ? "" : " (the default)"));
    }

    /** @param defaulted {@code " (the default)"} when the user did not name the variable, else empty */
    private static String read(Function<String, String> env, String name, String option, String defaulted) {
        String trimmed = name.trim();
        if (!NAME.matcher(trimmed).matches() || looksLikeSecret(trimmed)) {
            // Someone may have passed the secret itself: do not echo it.
            throw new UsageException(
                    option + ": takes the NAME of an environment variable (letters, digits and '_'),"
                            + " not the secret itself; e.g. export the key as AZURE_OPENAI_API_KEY and pass --api-key-env AZURE_OPENAI_API_KEY");
        }
        String value = env.apply(trimmed);
        if (value == null) {
            throw new UsageException(option + ": environment variable " + trimmed + defaulted + " is not set");
        }
        if (value.isBlank()) {
            throw new UsageException(option + ": environment variable " + trimmed + defaulted + " is empty");
        }
        return value.strip();
    }

    /** Long, no separator, letters mixed with digits: an API key (32 hex or 84 alphanumerics), not a name. */
    static boolean looksLikeSecret(String name) {
        return name.length() >= 24
                && name.indexOf('_') < 0
                && name.chars().anyMatch(Character::isDigit)
                && name.chars().anyMatch(Character::isLetter);
    }
}
