package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.JobStatus;
import java.time.Duration;

/** The wording of the build-log lines, in one place so every front end reads the same. */
public final class LogLines {

    private LogLines() {}

    /**
     * e.g. {@code Fine-tuning job ftjob-1: running → pausing (pause requested; request id 42)}, or without
     * an arrow when the status before is not known (a cancel accepts many): {@code …: cancelled (cancel requested)}.
     */
    public static String changed(JobChange change, String jobId, JobStatus before, JobStatus after, String requestId) {
        return "Fine-tuning job " + jobId + ": " + (before == null ? "" : before.value() + " → ")
                + (after == null ? "status not in the answer" : after.value()) + " (" + change.verb() + " requested"
                + (requestId == null ? "" : "; request id " + requestId) + ")";
    }

    /** e.g. {@code Fine-tuning job ftjob-1: already paused; not changed}. */
    public static String unchanged(JobChange change, String jobId, JobStatus status, JobChangeOutcome outcome) {
        String state = status == null ? "?" : status.value();
        return outcome == JobChangeOutcome.ALREADY_DONE
                ? "Fine-tuning job " + jobId + ": already " + state + "; nothing to " + change.verb()
                : "Fine-tuning job " + jobId + ": status is " + state + ", which cannot be " + change.pastTense()
                        + "; left as it is";
    }

    /** e.g. {@code Fine-tuning job ftjob-1: pausing → paused after 42 s}. */
    public static String settled(String jobId, JobStatus before, JobStatus after, Duration waited) {
        return "Fine-tuning job " + jobId + ": " + (before == null ? "?" : before.value()) + " → "
                + (after == null ? "?" : after.value()) + " after " + waited.toSeconds() + " s";
    }
}
