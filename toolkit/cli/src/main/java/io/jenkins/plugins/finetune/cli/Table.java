package io.jenkins.plugins.finetune.cli;

import io.jenkins.plugins.finetune.client.ConsoleText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned text columns separated by two spaces; {@code -} for missing values. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    Table row(Object... values) {
        if (values.length != columns) {
            throw new IllegalStateException("expected " + columns + " values, got " + values.length);
        }
        rows.add(Arrays.stream(values).map(Table::cell).toArray(String[]::new));
        return this;
    }

    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    /**
     * One line per row whatever the value holds: line breaks and tabs become spaces, and what could still move the
     * cursor or reorder the line (escape sequences, other controls, bidirectional overrides) is removed or shown as
     * the console shows it elsewhere.
     */
    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String text = ConsoleText.sanitize(value.toString().replaceAll("[\\t\\n\\r\\u2028\\u2029]+", " "))
                .strip();
        return text.isEmpty() ? "-" : text;
    }
}
