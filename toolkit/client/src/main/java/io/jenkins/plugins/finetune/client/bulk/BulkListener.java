package io.jenkins.plugins.finetune.client.bulk;

import java.util.function.Consumer;

/**
 * Hears a bulk change as it happens: one log line per job and a summary, and each job's outcome as soon as it is
 * known (so that a front end can keep progress where a restart finds it). Called from several threads, one call
 * at a time.
 */
public interface BulkListener {

    /** One line for a person, never a secret; server text in it is not yet sanitized for a console. */
    void line(String line);

    /** The outcome of one job, once; the default ignores it. */
    default void outcome(JobOutcome outcome) {}

    /** A listener that only logs. */
    static BulkListener of(Consumer<String> log) {
        return log::accept;
    }
}
