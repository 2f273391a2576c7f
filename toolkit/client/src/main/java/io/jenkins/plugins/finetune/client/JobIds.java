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
     * Returns the id without the spaces at its ends, or throws a message naming the field.
     *
     * @throws IllegalArgumentException if the id is blank, too long or has a character that is not allowed
     */
    public static String requireValid(String jobId) {
        String problem = problemWith(jobId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return withoutSpaces(jobId);
    }

    /** The reason the id is not acceptable, or {@code null} when it is (for form validation). */
    public static String problemWith(String jobId) {
        return problemWith(jobId, "jobId", "fine-tuning job id", "ftjob-0123456789abcdef");
    }

    /**
     * The reason an id a listing returned is not acceptable, or {@code null}: the same rule as for an id a user
     * gives, checked as the listing arrives so that a hostile or broken server's id is never kept or sent back.
     */
    public static String problemWithListedId(String jobId) {
        if (jobId != null && !jobId.equals(withoutSpaces(jobId))) {
            return "id: '" + Texts.printable(jobId, 64) + "' has spaces at its ends";
        }
        return problemWith(jobId, "id", "fine-tuning job id", "ftjob-0123456789abcdef");
    }

    /**
     * The reason an event id (the {@code after} of an event listing) is not acceptable, or {@code null}:
     * the same characters as a job id, named as what it is.
     */
    public static String problemWithEventId(String eventId) {
        return problemWith(eventId, "after", "fine-tuning event id", "ftevent-0123456789abcdef");
    }

    /** The reason a checkpoint id (the {@code after} of a checkpoint listing) is not acceptable, or {@code null}. */
    public static String problemWithCheckpointId(String checkpointId) {
        return problemWith(checkpointId, "after", "fine-tuning checkpoint id", "ftckpt-0123456789abcdef");
    }

    private static String problemWith(String value, String field, String what, String example) {
        if (value == null || value.isBlank()) {
            return field + ": is required (a " + what + " such as " + example + ")";
        }
        String id = withoutSpaces(value);
        if (id.length() > MAX_LENGTH) {
            return field + ": is " + id.length() + " characters long; a " + what + " has at most " + MAX_LENGTH;
        }
        if (!ALLOWED.matcher(id).matches()) {
            return field + ": '" + Texts.printable(id, 64) + "' is not a " + what + "; "
                    + "use letters, digits, '.', '_', ':' or '-' only (no '/', '?', '#', '%', whitespace or"
                    + " control characters)";
        }
        return null;
    }

    /**
     * Only spaces are forgiven at the ends (a pasted id); a control character anywhere, a newline or tab
     * included, is refused rather than silently dropped, as it means the id came from somewhere unexpected.
     */
    private static String withoutSpaces(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        return value.substring(start, end);
    }
}
