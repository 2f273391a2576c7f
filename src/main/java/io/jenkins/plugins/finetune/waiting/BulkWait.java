package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.finetune.calls.BulkCap;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The rules of waiting on the jobs a bulk change changed, shared by the durable Pipeline step (which polls on
 * Jenkins' timer) and the freestyle build steps (which poll on their executor): which jobs are waited on, one
 * poll as one listing for all of them, and what a timeout leaves in the results.
 */
@Restricted(NoExternalUse.class)
public final class BulkWait {

    /** Jobs per page of the polls' listing (Azure's maximum). */
    private static final int PAGE_SIZE = 100;

    /** How many jobs a timeout message names. */
    private static final int NAMED = 10;

    private BulkWait() {}

    /** The jobs to wait on (id → status): changed or already on their way, and not yet settled. */
    @NonNull
    public static LinkedHashMap<String, String> pending(@NonNull JobChange change, @NonNull List<JobOutcome> outcomes) {
        LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        for (JobOutcome outcome : outcomes) {
            boolean accepted =
                    outcome.kind() == JobOutcome.Kind.CHANGED || outcome.kind() == JobOutcome.Kind.ALREADY_DONE;
            if (accepted && outcome.status() != null && !change.isSettled(JobStatus.of(outcome.status()))) {
                pending.put(outcome.jobId(), outcome.status());
            }
        }
        return pending;
    }

    /**
     * One listing, newest first, ending as soon as every job waited on was seen: the status of each job seen.
     *
     * @throws FoundryCallException when Azure refused or did not answer ({@link FoundryCallException#isTransient()})
     */
    @NonNull
    public static Map<String, JobStatus> read(
            @NonNull FoundryTarget target, @NonNull Run<?, ?> run, @NonNull Set<String> ids)
            throws IOException, InterruptedException {
        int count = ids.size();
        return FoundryCall.run(
                target,
                run,
                null, // the endpoint line was printed with the change, not again for every poll
                "read the status of " + count + " fine-tuning jobs",
                client -> {
                    Map<String, JobStatus> seen = new HashMap<>();
                    // As far as a bulk change's own selection lists: a listing that says "more follow" for ever,
                    // without the jobs waited on, ends here; those not seen are waited on at the next poll.
                    long listedAtMost = (long) BulkCap.maxJobs() * BulkRequest.LISTED_PER_SELECTED;
                    long listed = 0;
                    for (FineTuningJob job : client.listAllJobs(PAGE_SIZE)) {
                        if (++listed > listedAtMost) {
                            break;
                        }
                        if (ids.contains(job.id()) && job.status() != null) {
                            seen.put(job.id(), job.status());
                            if (seen.size() == count) {
                                break;
                            }
                        }
                    }
                    return seen;
                });
    }

    /**
     * Applies one poll: says each status change, and returns the jobs still waited on (a new map) once those
     * that settled are gone.
     */
    @NonNull
    public static LinkedHashMap<String, String> apply(
            @NonNull JobChange change,
            @NonNull Map<String, String> waiting,
            @NonNull Map<String, JobStatus> seen,
            @NonNull Consumer<String> log) {
        LinkedHashMap<String, String> still = new LinkedHashMap<>(waiting);
        for (Map.Entry<String, JobStatus> entry : seen.entrySet()) {
            String id = entry.getKey();
            String status = entry.getValue().value();
            if (!status.equals(still.get(id))) {
                log.accept("Fine-tuning job " + id + ": " + still.get(id) + " → " + status);
            }
            if (change.isSettled(entry.getValue())) {
                still.remove(id);
            } else {
                still.put(id, status);
            }
        }
        return still;
    }

    /** The outcomes with the statuses seen (a new list; the given one is not changed). */
    @NonNull
    public static List<JobOutcome> withStatuses(
            @NonNull List<JobOutcome> outcomes, @NonNull Map<String, JobStatus> seen) {
        List<JobOutcome> updated = new ArrayList<>(outcomes.size());
        for (JobOutcome outcome : outcomes) {
            JobStatus status = seen.get(outcome.jobId());
            updated.add(
                    status == null || status.value().equals(outcome.status())
                            ? outcome
                            : outcome.withStatus(status.value()));
        }
        return updated;
    }

    /**
     * The outcomes after a timeout: each job still waited on failed, with its last status and the reason (a new
     * list).
     */
    @NonNull
    public static List<JobOutcome> timedOut(
            @NonNull JobChange change,
            @NonNull List<JobOutcome> outcomes,
            @NonNull Map<String, String> waiting,
            int timeoutSeconds) {
        String error = "timed out after " + timeoutSeconds + " s waiting for it to be " + change.finalStatus();
        List<JobOutcome> updated = new ArrayList<>(outcomes.size());
        for (JobOutcome outcome : outcomes) {
            String last = waiting.get(outcome.jobId());
            updated.add(last == null ? outcome : outcome.failed(last, error, JobOutcome.Failure.WAIT_TIMED_OUT));
        }
        return updated;
    }

    /** "Bulk pause: timed out after 60 s waiting for 3 jobs to be paused: ftjob-a (pausing), …". */
    @NonNull
    public static String timeoutSummary(
            @NonNull JobChange change, @NonNull Map<String, String> waiting, int timeoutSeconds) {
        Collection<Map.Entry<String, String>> entries = waiting.entrySet();
        String which = entries.stream()
                .limit(NAMED)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return "Bulk " + change.verb() + ": timed out after " + timeoutSeconds + " s waiting for " + waiting.size()
                + " jobs to be " + change.finalStatus() + ": " + which + (waiting.size() > NAMED ? ", …" : "");
    }
}
