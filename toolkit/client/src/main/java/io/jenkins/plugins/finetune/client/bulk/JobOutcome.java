package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningTransportException;
import io.jenkins.plugins.finetune.client.FineTuningWaitTimeoutException;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * What a bulk operation did to one job. Small on purpose: a report on thousands of jobs holds
 * these and nothing else.
 *
 * @param jobId  the job
 * @param kind   what happened
 * @param status the job's status after the operation (as last seen), or {@code null} if unknown
 * @param error  the error message for {@link Kind#FAILED}, else {@code null}
 * @param failure how a {@link Kind#FAILED} job failed, else {@code null}
 * @param previousStatus the job's status before the operation (the selection's, or as read), or {@code null}
 * @param model the job's base model, when an answer about the job said it, else {@code null}
 * @param requestId Azure's request id of the change request ({@code x-request-id}/{@code apim-request-id}), or
 *     {@code null} when none was sent or none came back
 */
public record JobOutcome(
        String jobId,
        Kind kind,
        String status,
        String error,
        Failure failure,
        String previousStatus,
        String model,
        String requestId)
        implements Serializable {

    /*
     * Saved in program.dat by a waiting bulk step. A record is read back by its components' names, so the three
     * added last read as null from a state saved before them: keep the names, add new ones at the end.
     */
    @Serial
    private static final long serialVersionUID = 1L;

    /** An outcome without a failure kind (the form before {@link Failure} existed). */
    public JobOutcome(String jobId, Kind kind, String status, String error) {
        this(jobId, kind, status, error, kind == Kind.FAILED ? Failure.OTHER : null);
    }

    /** An outcome without what was known before the change (the form before those components existed). */
    public JobOutcome(String jobId, Kind kind, String status, String error, Failure failure) {
        this(jobId, kind, status, error, failure, null, null, null);
    }

    /** The same outcome with what was known of the job before and during the change. */
    public JobOutcome about(String previousStatus, String model, String requestId) {
        return new JobOutcome(jobId, kind, status, error, failure, previousStatus, model, requestId);
    }

    /** The same outcome with the job's status as last seen (after a wait). */
    public JobOutcome withStatus(String newStatus) {
        return new JobOutcome(jobId, kind, newStatus, error, failure, previousStatus, model, requestId);
    }

    /** The same job, failed: {@code error} says why; its status is the last one seen. */
    public JobOutcome failed(String lastStatus, String why, Failure how) {
        return new JobOutcome(jobId, Kind.FAILED, lastStatus, why, how, previousStatus, model, requestId);
    }

    /** How a job failed: front ends map it to an exit code or a message. */
    public enum Failure {
        /** Azure answered with an error (refused, not found, rate limited, a bad body) or no token was had. */
        AZURE_ERROR,
        /** No answer came back: connection refused, DNS, TLS, timeouts. */
        NO_ANSWER,
        /** The change was accepted but the final status did not come within the timeout. */
        WAIT_TIMED_OUT,
        /** Anything else: invalid input or a bug. */
        OTHER;

        /** The kind of a failure thrown by the client. */
        public static Failure of(Throwable failure) {
            if (failure instanceof FineTuningWaitTimeoutException) {
                return WAIT_TIMED_OUT;
            }
            if (failure instanceof FineTuningTransportException) {
                return NO_ANSWER;
            }
            if (failure instanceof FineTuningException) {
                return AZURE_ERROR;
            }
            return OTHER;
        }
    }

    /** What happened to one job. */
    public enum Kind {
        /** The change was requested and accepted. */
        CHANGED,
        /** The job was already where the change leads. */
        ALREADY_DONE,
        /** Dry run: the change would have been requested. */
        WOULD_CHANGE,
        /** Selected, but its status does not allow the change; left alone. */
        SKIPPED,
        /** The request failed; {@link JobOutcome#error()} says why. */
        FAILED
    }

    /** The outcome as pipelines see it: {@code paused}, {@code already_paused}, {@code would_pause}, {@code skipped}, {@code failed}. */
    public String outcomeName(JobChange change) {
        return switch (kind) {
            case CHANGED -> change.pastTense();
            case ALREADY_DONE -> "already_" + change.pastTense();
            case WOULD_CHANGE -> "would_" + change.verb();
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
        };
    }

    /** {@code id}, {@code outcome}, {@code status}, {@code error}: the map a Pipeline step returns per job. */
    public LinkedHashMap<String, Object> toMap(JobChange change) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        map.put("id", jobId);
        map.put("outcome", outcomeName(change));
        map.put("status", status);
        map.put("error", error);
        return map;
    }
}
