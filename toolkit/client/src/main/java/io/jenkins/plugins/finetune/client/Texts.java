package io.jenkins.plugins.finetune.client;

/** Small helpers for quoting user input back in messages without control characters or floods. */
final class Texts {

    private Texts() {}

    /** The text shortened to {@code max} characters, with control characters shown as {@code \\uXXXX}. */
    static String printable(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > max) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
