package io.jenkins.plugins.finetune.client.ops;

import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;

/**
 * The job after a change, and how it got there.
 *
 * @param job            the job as last seen (after waiting, when asked to wait)
 * @param previousStatus the status before the change: known from the route's precondition (running
 *                       for pause, paused for resume) or read when the change was refused; {@code null} if unknown
 * @param requestId      Azure's request id of the change request, or {@code null}
 * @param outcome        whether the change was made, already done, or not applicable
 */
public record JobChangeResult(
        FineTuningJob job, JobStatus previousStatus, String requestId, JobChangeOutcome outcome) {}
