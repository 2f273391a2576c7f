package io.jenkins.plugins.finetune.client.ops;

/** How a requested change ended for one job. */
public enum JobChangeOutcome {
    /** Azure accepted the change. */
    CHANGED,
    /** The job was already where the change leads (e.g. pausing or paused for a pause). */
    ALREADY_DONE,
    /** The job was in a status the change does not apply to; it was left alone. */
    NOT_ELIGIBLE
}
