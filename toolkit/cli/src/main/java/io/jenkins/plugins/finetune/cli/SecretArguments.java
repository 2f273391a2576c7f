package io.jenkins.plugins.finetune.cli;

import java.util.Locale;
import java.util.Set;

/**
 * Options that would carry a secret on the command line ({@code --api-key sk-…}, {@code --token=…}):
 * none exists, and the refusal names the option only, never its value, and points to the
 * environment-variable options instead.
 */
final class SecretArguments {

    /** Option names, lower case without dashes or underscores, that people use for secrets. */
    private static final Set<String> SECRET_NAMES = Set.of(
            "apikey", "key", "token", "accesstoken", "bearertoken", "password", "passwd", "secret", "clientsecret");

    private SecretArguments() {}

    /** The refusal for the first secret-looking option in {@code args}, or {@code null} when there is none. */
    static String refusal(String[] args) {
        for (String arg : args) {
            if ("--".equals(arg)) {
                return null; // what follows is positional
            }
            String name = optionName(arg);
            if (name != null && SECRET_NAMES.contains(normalised(name))) {
                return name + ": secrets are not taken as arguments (they would stay in shell history, ps and CI"
                        + " logs); export the key and pass the variable's name: --api-key-env NAME"
                        + " (an Entra ID token: --token-env NAME)";
            }
        }
        return null;
    }

    /** {@code --api-key} for {@code --api-key} and {@code --api-key=…}; {@code null} for a non-option. */
    static String optionName(String arg) {
        if (arg == null || !arg.startsWith("-") || arg.length() < 2) {
            return null;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        // Only plain option names are ever shown back: anything else may be a value.
        return name.matches("--?[A-Za-z][A-Za-z0-9_-]{0,40}") ? name : null;
    }

    private static String normalised(String name) {
        return name.replaceAll("[-_]", "").toLowerCase(Locale.ROOT);
    }
}
