package io.jenkins.plugins.finetune.cli;

/** How results are written to stdout. */
enum OutputFormat {
    /** The API's own JSON: one object for a job, an array for a list (pipe it to jq). */
    json,
    /** Aligned columns for people. */
    table
}
