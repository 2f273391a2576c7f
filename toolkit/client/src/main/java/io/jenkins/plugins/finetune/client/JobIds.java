package io.jenkins.plugins.finetune.client;

import java.util.regex.Pattern;

/**
 * Validation of fine-tuning job ids before they become part of a URL path.
 *
 * <p>Azure ids look like {@code ftjob-0123abcd...}. We accept letters, digits and {@code . _ : -}
 * only, so that no id can change the route ({@code ../}, {@code %2F}, {@code ?}, {@code #}) or
 * smuggle a header (newlines). The check runs before any request is sent.
 */
public final class JobIds {

    /** Longest id accepted; real ids are 38 characters. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private JobIds() {}

    /**
     * Returns the trimmed id, or throws a message naming the field.
     *
     * @throws IllegalArgumentException if the id is blank, too long or has a character that is not allowed
     */
    public static String requireValid(String jobId) {
        String problem = problemWith(jobId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return jobId.trim();
    }

    /** The reason the id is not acceptable, or {@code null} when it is (for form validation). */
    public static String problemWith(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            return "jobId: is required (a fine-tuning job id such as ftjob-0123456789abcdef)";
        }
        String id = jobId.trim();
        if (id.length() > MAX_LENGTH) {
            return "jobId: is " + id.length() + " characters long; a fine-tuning job id has at most " + MAX_LENGTH;
        }
        if (!ALLOWED.matcher(id).matches()) {
            return "jobId: '" + Texts.printable(id, 64) + "' is not a fine-tuning job id; "
                    + "use letters, digits, '.', '_', ':' or '-' only (no '/', '?', '#', '%' or whitespace)";
        }
        return null;
    }
}
