package io.jenkins.plugins.finetune.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import java.util.Locale;

/**
 * Where a step makes its HTTP calls ({@code callFrom}): from the controller, or from the agent the step runs on
 * inside {@code node}, for a resource that only the agents' network reaches (a private endpoint).
 */
public enum CallFrom {
    CONTROLLER,
    AGENT;

    /** As written in a Jenkinsfile, JCasC and forms: {@code controller} or {@code agent}. */
    @NonNull
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param option the option as the user wrote it, for the message, e.g. {@code callFrom}
     * @return {@code null} for a blank value (inherit)
     * @throws IllegalArgumentException naming the option and the allowed values
     */
    @CheckForNull
    public static CallFrom parse(@CheckForNull String text, @NonNull String option) {
        String value = Util.fixEmptyAndTrim(text);
        if (value == null) {
            return null;
        }
        for (CallFrom candidate : values()) {
            if (candidate.value().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                option + ": '" + value + "' is neither 'controller' nor 'agent' (where the calls to Azure are made)");
    }
}
