package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningException;

/**
 * A selection that had to stop because going on would grow without bound or trust what it should not: more jobs
 * selected or listed than the request's cap, a listed id that is not a job id, or a {@code suffixRegex} that takes
 * too long on a suffix. Unlike a listing that broke off on its own (a network failure), nothing of the selection is
 * kept: {@link BulkOperation#select} throws this, so that no job is changed on the strength of a partial listing.
 */
public final class SelectionRefusedException extends FineTuningException {

    private static final long serialVersionUID = 1L;

    /** Why the selection stopped. */
    public enum Reason {
        /** More jobs matched than {@link BulkRequest#maxJobs()}. */
        TOO_MANY_SELECTED,
        /** More jobs were listed than {@link BulkRequest#maxListed()} (most of them not matching). */
        TOO_MANY_LISTED,
        /** The listing returned an id that is not a fine-tuning job id. */
        INVALID_LISTED_ID,
        /** {@code suffixRegex} took longer than {@link JobSelector#SUFFIX_MATCH_TIME_LIMIT} on one suffix. */
        SUFFIX_REGEX_TOO_SLOW
    }

    private final Reason reason;

    public SelectionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether a higher cap would have let the selection finish (then a front end says how to raise it). */
    public boolean isCap() {
        return reason == Reason.TOO_MANY_SELECTED || reason == Reason.TOO_MANY_LISTED;
    }

    /** The same refusal with the front end's advice appended, e.g. how to raise the cap there. */
    public SelectionRefusedException withAdvice(String advice) {
        SelectionRefusedException more = new SelectionRefusedException(reason, getMessage() + advice);
        more.setStackTrace(getStackTrace());
        return more;
    }
}
