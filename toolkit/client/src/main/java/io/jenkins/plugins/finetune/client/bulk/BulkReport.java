package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every job a bulk operation touched, in selection order, with counts and a one-line summary. */
public final class BulkReport {

    private final JobChange change;
    private final boolean dryRun;
    private final boolean waitedForFinalStatus;
    private final List<JobOutcome> outcomes;
    private final int listed;
    private final FineTuningException listingFailure;
    private final Duration elapsed;

    BulkReport(
            JobChange change,
            boolean dryRun,
            boolean waitedForFinalStatus,
            List<JobOutcome> outcomes,
            int listed,
            FineTuningException listingFailure,
            Duration elapsed) {
        this.change = change;
        this.dryRun = dryRun;
        this.waitedForFinalStatus = waitedForFinalStatus;
        this.outcomes = List.copyOf(outcomes);
        this.listed = listed;
        this.listingFailure = listingFailure;
        this.elapsed = elapsed;
    }

    /**
     * A report of outcomes kept by the caller, e.g. a bulk change that a front end resumed after a restart
     * from its saved selection and outcomes.
     *
     * @param outcomes every selected job's outcome, in selection order
     * @param listingError why the listing stopped early, or {@code null}
     */
    public static BulkReport of(
            JobChange change,
            boolean dryRun,
            List<JobOutcome> outcomes,
            int listed,
            String listingError,
            Duration elapsed) {
        return new BulkReport(
                change,
                dryRun,
                false,
                outcomes,
                listed,
                listingError == null ? null : new FineTuningException(listingError),
                elapsed);
    }

    public JobChange change() {
        return change;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** True when the request asked to wait for each changed job's final status. */
    public boolean waitedForFinalStatus() {
        return waitedForFinalStatus;
    }

    public List<JobOutcome> outcomes() {
        return outcomes;
    }

    /** Jobs read from the list route (0 when explicit ids were given). */
    public int listed() {
        return listed;
    }

    /** Why listing stopped early, or {@code null}; the outcomes before it are kept. */
    public String listingError() {
        return listingFailure == null ? null : listingFailure.getMessage();
    }

    /** Why listing stopped early (its type tells a refusal from no answer), or {@code null}. */
    public FineTuningException listingFailure() {
        return listingFailure;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public int count(JobOutcome.Kind kind) {
        return (int) outcomes.stream().filter(o -> o.kind() == kind).count();
    }

    /** True when any job failed or the listing broke off. */
    public boolean hasFailures() {
        return listingFailure != null || count(JobOutcome.Kind.FAILED) > 0;
    }

    /** e.g. {@code paused 12, already paused 1, skipped 3, failed 0}. */
    public String summary() {
        Map<JobOutcome.Kind, Integer> counts = new EnumMap<>(JobOutcome.Kind.class);
        for (JobOutcome outcome : outcomes) {
            counts.merge(outcome.kind(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        if (dryRun) {
            text.append("would ")
                    .append(change.verb())
                    .append(' ')
                    .append(counts.getOrDefault(JobOutcome.Kind.WOULD_CHANGE, 0));
        } else {
            text.append(change.pastTense()).append(' ').append(counts.getOrDefault(JobOutcome.Kind.CHANGED, 0));
        }
        text.append(", already ")
                .append(change.pastTense())
                .append(' ')
                .append(counts.getOrDefault(JobOutcome.Kind.ALREADY_DONE, 0))
                .append(", skipped ")
                .append(counts.getOrDefault(JobOutcome.Kind.SKIPPED, 0))
                .append(", failed ")
                .append(counts.getOrDefault(JobOutcome.Kind.FAILED, 0));
        if (listingFailure != null) {
            text.append("; listing stopped early: ").append(listingFailure.getMessage());
        }
        return text.toString();
    }

    /** One map per job ({@code id, outcome, status, error}), as the Pipeline step returns them. */
    public List<LinkedHashMap<String, Object>> toMaps() {
        List<LinkedHashMap<String, Object>> maps = new ArrayList<>(outcomes.size());
        for (JobOutcome outcome : outcomes) {
            maps.add(outcome.toMap(change));
        }
        return maps;
    }

    @Override
    public String toString() {
        return "BulkReport[" + change + ", " + summary() + ", " + outcomes.size() + " jobs, " + elapsed.toMillis()
                + " ms]";
    }
}
