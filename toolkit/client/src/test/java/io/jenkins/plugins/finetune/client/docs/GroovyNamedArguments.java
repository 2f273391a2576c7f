package io.jenkins.plugins.finetune.client.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the named arguments of a documented step call, e.g.
 * {@code metadata: [pause_at_night: 'true'], wait: true, timeout: 1800}, as Groovy would: strings,
 * whole numbers, booleans, lists and maps. Just enough Groovy for the examples in docs/.
 */
final class GroovyNamedArguments {

    private final String text;
    private int pos;

    private GroovyNamedArguments(String text) {
        this.text = text;
    }

    static Map<String, Object> parse(String arguments) {
        GroovyNamedArguments parser = new GroovyNamedArguments(arguments);
        Map<String, Object> out = parser.entries(-1);
        parser.skipSpace();
        if (parser.pos != parser.text.length()) {
            throw parser.error("unexpected text");
        }
        return out;
    }

    /** {@code key: value, ...} up to {@code close} (or the end when {@code close} is -1). */
    private Map<String, Object> entries(int close) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos == text.length() || text.charAt(pos) == close) {
                return out;
            }
            String key = identifier();
            skipSpace();
            expect(':');
            out.put(key, value());
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            }
        }
    }

    private Object value() {
        skipSpace();
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            int end = text.indexOf(c, pos + 1);
            String value = text.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }
        if (c == '[') {
            pos++;
            skipSpace();
            if (text.charAt(pos) == ':') { // [:] empty map
                pos++;
                skipSpace();
                expect(']');
                return new LinkedHashMap<>();
            }
            int save = pos;
            if (looksLikeMapEntry()) {
                pos = save;
                Map<String, Object> map = entries(']');
                expect(']');
                return map;
            }
            pos = save;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipSpace();
                if (text.charAt(pos) == ']') {
                    pos++;
                    return list;
                }
                list.add(value());
                skipSpace();
                if (text.charAt(pos) == ',') {
                    pos++;
                }
            }
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return Integer.parseInt(text.substring(start, pos));
        }
        String word = identifier();
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> throw error("unsupported value '" + word + "'");
        };
    }

    private boolean looksLikeMapEntry() {
        skipSpace();
        if (!Character.isJavaIdentifierStart(text.charAt(pos))) {
            return false;
        }
        identifier();
        skipSpace();
        return pos < text.length() && text.charAt(pos) == ':';
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + pos + " in: " + text);
    }
}
