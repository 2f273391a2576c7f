package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The text forms of the selector arguments that a configuration form can hold (a text box cannot hold a
 * Groovy list or map): {@code status} and {@code jobIds} as comma- or whitespace-separated words,
 * {@code metadata} as {@code key=value} lines. Pipeline code may pass real lists and maps; the steps'
 * descriptors turn them into these texts and back ({@link io.jenkins.plugins.finetune.steps.SelectorStep.SelectorStepDescriptor}). Only the
 * syntax lives here: what the values mean is decided by the client's {@code BulkArguments}.
 */
@Restricted(NoExternalUse.class)
public final class BulkText {

    private BulkText() {}

    /** {@code a, b c} → {@code [a, b, c]}; blank → empty. */
    @NonNull
    public static List<String> words(@CheckForNull String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    /**
     * A Pipeline argument given as a string or a list of strings, as text; anything else is returned as it
     * is, so that data binding reports the argument's name and type.
     */
    @CheckForNull
    public static Object wordsText(@CheckForNull Object value, @NonNull String separator) {
        if (value instanceof Collection<?> items) {
            List<String> parts = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof CharSequence)) {
                    throw new IllegalArgumentException(Messages.BulkText_NotAStringList(
                            item == null ? "null" : item.getClass().getSimpleName()));
                }
                parts.add(item.toString().trim());
            }
            return String.join(separator, parts);
        }
        return value instanceof CharSequence text ? text.toString() : value;
    }

    /**
     * {@code key=value} lines → map (in order). Blank lines and lines starting with {@code #} are skipped;
     * keys and values are trimmed; a value may contain {@code =}.
     *
     * @throws IllegalArgumentException naming {@code metadata} and the line
     */
    @NonNull
    public static LinkedHashMap<String, String> metadata(@CheckForNull String text) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.split("\\r?\\n|\\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(Messages.BulkText_MetadataLine(String.valueOf(i + 1), line));
            }
            out.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
        return out;
    }

    /**
     * A Groovy map such as {@code [pause_at_night: 'true']} → {@code key=value} lines; a string is taken as
     * such lines already.
     *
     * @throws IllegalArgumentException when the map cannot be written as lines (a key with {@code =}, a line
     *     break, surrounding blanks) or the value is neither a map nor a string
     */
    @CheckForNull
    public static String metadataText(@CheckForNull Object value) {
        if (value == null || value instanceof CharSequence) {
            return value == null ? null : value.toString();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    Messages.BulkText_MetadataNotAMap(value.getClass().getSimpleName()));
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException(Messages.BulkText_MetadataNull());
            }
            // Groovy writes [flag: true]; Azure metadata values are strings, so they are compared as strings.
            String key = entry.getKey().toString();
            String val = entry.getValue().toString();
            if (key.contains("=") || !key.equals(key.trim()) || key.startsWith("#")) {
                throw new IllegalArgumentException(Messages.BulkText_MetadataKeyUnsupported(key));
            }
            if (hasLineBreak(key) || hasLineBreak(val) || !val.equals(val.trim())) {
                throw new IllegalArgumentException(Messages.BulkText_MetadataValueUnsupported(key));
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(key).append('=').append(val);
        }
        return text.toString();
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }
}
