package io.jenkins.plugins.finetune.cli;

import java.util.Arrays;
import java.util.List;

/** How results are written to stdout. */
enum OutputFormat {
    /** The API's own JSON, indented: one object for a job, an array for a list. */
    json,
    /** The same objects, one per line and not indented, for pipes (jq -c, grep, wc -l). */
    jsonl,
    /** Aligned columns for people. */
    table;

    /**
     * True when the arguments ask for {@code json} or {@code jsonl} explicitly: errors are then JSON too.
     * Read from the raw arguments because a failed parse has no option values.
     */
    static boolean explicitlyJson(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            if ((arg.equals("-o") || arg.equals("--output")) && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (arg.startsWith("--output=")) {
                value = arg.substring("--output=".length());
            } else if (arg.startsWith("-o") && !arg.startsWith("--") && arg.length() > 2) {
                value = arg.substring(2);
            }
            if (value != null && (value.equalsIgnoreCase("json") || value.equalsIgnoreCase("jsonl"))) {
                return true;
            }
        }
        return false;
    }

    static boolean explicitlyJson(String[] args) {
        return explicitlyJson(Arrays.asList(args));
    }
}
