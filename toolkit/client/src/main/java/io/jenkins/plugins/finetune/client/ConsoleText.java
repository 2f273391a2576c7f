package io.jenkins.plugins.finetune.client;

import java.util.regex.Pattern;

/**
 * Makes text that came from a server safe to print on one line of a console, a build log or a terminal: terminal
 * escape sequences are removed, every other control character (C0, DEL, C1, line and paragraph separators) and
 * the bidirectional overrides that can make a line read differently from what it holds are shown as
 * {@code \\uXXXX}. Azure's job ids, statuses, error codes and messages are untrusted: a job suffix or an error
 * message could otherwise move the cursor, rewrite earlier lines or forge a log line.
 */
public final class ConsoleText {

    /**
     * ESC-introduced sequences: CSI ({@code ESC [ … final}), OSC/DCS/PM/APC/SOS strings (ended by BEL, ST or
     * the end of the text) and two-character escapes; and the 8-bit CSI.
     */
    private static final Pattern ESCAPE_SEQUENCE = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]?"
            + "|\u001B[\\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?"
            + "|\u001B[ -/]*[0-~]?"
            + "|\u009B[0-?]*[ -/]*[@-~]?");

    private ConsoleText() {}

    /** The text as it may be printed; {@code null} stays {@code null}. */
    public static String sanitize(String text) {
        if (text == null) {
            return null;
        }
        String stripped = ESCAPE_SEQUENCE.matcher(text).replaceAll("");
        StringBuilder out = null;
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(stripped.length() + 16).append(stripped, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? stripped : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c) // C0, DEL and C1 (tab, CR and LF included: one line stays one line)
                || c == '\u2028'
                || c == '\u2029' // line and paragraph separators
                || (c >= '\u202A' && c <= '\u202E') // bidirectional embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069'); // bidirectional isolates
    }
}
