package io.jenkins.plugins.finetune.client;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
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

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    /**
     * The dated versions known to serve the fine-tuning job routes this client calls, pause and resume
     * included: those whose Azure OpenAI authoring specification (repository Azure/azure-rest-api-specs,
     * {@code specification/cognitiveservices/data-plane/AzureOpenAI/authoring/preview/<version>/}) documents
     * {@code /fine_tuning/jobs/{id}/pause} and {@code /resume} (its {@code pause_finetuning_job} and
     * {@code resume_finetuning_job} examples). Another dated version is still sent, with a warning
     * ({@link #unknownWarning()}): Azure may well serve it. Add a version here once its specification is checked.
     */
    public static final List<String> KNOWN_DATED = List.of("2025-04-01-preview");

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
            try {
                LocalDate.parse(lower.substring(0, 10), DATE);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("apiVersion: '" + trimmed + "' is not a real date; a dated version"
                        + " is year-month-day, such as '2025-04-01-preview'");
            }
            return new ApiVersion(lower);
        }
        throw new IllegalArgumentException(
                "apiVersion: '" + Texts.printable(trimmed, 40)
                        + "' is not supported; use 'v1' (the default), 'preview', or a dated version such as '2025-04-01-preview'");
    }

    /** True for {@code v1}, {@code preview} and the dated versions in {@link #KNOWN_DATED}. */
    public boolean isKnown() {
        return !isDated() || KNOWN_DATED.contains(value);
    }

    /**
     * What to tell the user when the version is not {@linkplain #isKnown() known} to serve fine-tuning
     * (it is sent anyway), or {@code null} when it is known.
     */
    public String unknownWarning() {
        if (isKnown()) {
            return null;
        }
        return "api-version " + value + " is not one this client knows to serve the fine-tuning routes"
                + " (known: v1, preview, " + String.join(", ", KNOWN_DATED) + ", from Azure's published API"
                + " specifications); it is sent as given, and Azure answers 404 or 400 if it does not serve it";
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
