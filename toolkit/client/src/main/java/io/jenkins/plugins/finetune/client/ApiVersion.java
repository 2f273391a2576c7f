package io.jenkins.plugins.finetune.client;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code api-version} a request is sent with, and the route family it implies.
 *
 * <p>{@code v1} (the default) and {@code preview} use the v1 routes
 * {@code {endpoint}/openai/v1/fine_tuning/...}; a dated version such as {@code 2025-04-01-preview}
 * uses the older {@code {endpoint}/openai/fine_tuning/...} routes, where the parameter is required.
 */
public final class ApiVersion {

    public static final ApiVersion V1 = new ApiVersion("v1");
    public static final ApiVersion PREVIEW = new ApiVersion("preview");

    private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    private final String value;

    private ApiVersion(String value) {
        this.value = value;
    }

    /**
     * Parses a user-supplied api-version; blank means {@code v1}.
     *
     * @throws IllegalArgumentException naming the field and the accepted forms
     */
    public static ApiVersion parse(String text) {
        if (text == null || text.isBlank()) {
            return V1;
        }
        String trimmed = text.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals(V1.value)) {
            return V1;
        }
        if (lower.equals(PREVIEW.value)) {
            return PREVIEW;
        }
        if (DATED.matcher(lower).matches()) {
            return new ApiVersion(lower);
        }
        throw new IllegalArgumentException(
                "apiVersion: '" + Texts.printable(trimmed, 40)
                        + "' is not supported; use 'v1' (the default), 'preview', or a dated version such as '2025-04-01-preview'");
    }

    /** The value sent as the {@code api-version} query parameter. */
    public String value() {
        return value;
    }

    /** True for a dated version, which uses the older {@code /openai/fine_tuning} routes. */
    public boolean isDated() {
        return this != V1 && this != PREVIEW;
    }

    /** Path between the endpoint and {@code /fine_tuning}: {@code /openai/v1} or {@code /openai}. */
    public String routePrefix() {
        return isDated() ? "/openai" : "/openai/v1";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiVersion that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
