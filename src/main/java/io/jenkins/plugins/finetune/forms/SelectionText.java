package io.jenkins.plugins.finetune.forms;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import io.jenkins.plugins.finetune.changes.BulkText;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Normalises the selection fields as typed in forms (words, {@code key=value} lines) before they are stored.
 */
@Restricted(NoExternalUse.class)
public final class SelectionText {

    private SelectionText() {}

    /** Comma- or blank-separated words, normalised to {@code a, b}; blank: {@code null}. */
    @CheckForNull
    public static String wordsOrNull(@CheckForNull String text) {
        List<String> words = BulkText.words(text);
        return words.isEmpty() ? null : String.join(", ", words);
    }

    /** {@code key=value} lines, normalised (trimmed, no blank lines) when they parse; blank: {@code null}. */
    @CheckForNull
    public static String metadataOrNull(@CheckForNull String text) {
        String trimmed = Util.fixEmptyAndTrim(text);
        if (trimmed == null) {
            return null;
        }
        if (trimmed.contains("${")) {
            return trimmed; // expanded at build time (freestyle)
        }
        try {
            return Util.fixEmpty(BulkText.metadataText(BulkText.metadata(trimmed)));
        } catch (IllegalArgumentException e) {
            return trimmed; // reported, with the line, by form validation and at build time
        }
    }
}
