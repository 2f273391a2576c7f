package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
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

    /**
     * The jobs whose events one poll reads at most. A bulk wait may follow a thousand jobs: reading every job's
     * events every poll would cost a thousand calls a poll to the endpoint (shared with every team) and could bury
     * the build log. So a poll reads the events of the jobs whose status changed first (what a user watches for:
     * the lines before "running → paused"), then of the others in turn, {@value} in all, one page each; at most
     * {@value #EVENTS_PER_JOB} lines per job, a line counting the rest. With those bounds a poll adds at most
     * {@value} calls and about {@value} × ({@value #EVENTS_PER_JOB} + 1) lines, however many jobs are waited on.
     */
    public static final int EVENT_JOBS_PER_POLL = 5;

    /** Event lines a bulk wait prints per job and poll at most (then a line counting the others). */
    public static final int EVENTS_PER_JOB = 5;

    private BulkWait() {}

    /**
     * One poll's events: reads those of at most {@link #EVENT_JOBS_PER_POLL} of the jobs waited on (whose status
     * changed in {@code seen} first, then the others from {@code turn} on, so that each gets its turn), prints them
     * with {@code follow} and gives the last event printed per job (a new map). Reading events never fails a wait:
     * trouble is said by {@code follow}, once per job and streak.
     *
     * @param waiting the jobs waited on before this poll, with their last status
     * @param lastEventIds the last event printed per job
     * @param loggedEventIds the last event the build log shows per job (read on resume), else empty
     */
    @NonNull
    public static LinkedHashMap<String, String> followEvents(
            @NonNull FoundryTarget target,
            @NonNull Run<?, ?> run,
            @NonNull Map<String, String> waiting,
            @NonNull Map<String, JobStatus> seen,
            @NonNull Map<String, String> lastEventIds,
            @NonNull Map<String, String> loggedEventIds,
            int turn,
            @NonNull EventFollow follow,
            @NonNull Consumer<String> log)
            throws IOException, InterruptedException {
        List<String> ids = eventTurn(waiting, seen, turn);
        LinkedHashMap<String, String> last = new LinkedHashMap<>(lastEventIds);
        if (ids.isEmpty()) {
            return last;
        }
        Map<String, EventFollow.Reading> readings;
        try {
            readings = FoundryCall.run(target, run, null, Messages.BulkWait_ReadEventsCall(ids.size()), client -> {
                Map<String, EventFollow.Reading> read = new LinkedHashMap<>();
                for (String id : ids) {
                    read.put(id, EventFollow.read(client, id, last.get(id), loggedEventIds.get(id), 1, EVENTS_PER_JOB));
                }
                return read;
            });
        } catch (FoundryCallException e) {
            return last; // the statuses were just read with the same target: this is passing trouble
        }
        for (Map.Entry<String, EventFollow.Reading> reading : readings.entrySet()) {
            String id = reading.getKey();
            String newest = follow.print(id, reading.getValue(), last.get(id), log);
            if (newest != null) {
                last.put(id, newest);
            }
        }
        return last;
    }

    /** Whose events a poll reads: the jobs whose status changed, then the others from {@code turn} on, in turn. */
    @NonNull
    static List<String> eventTurn(
            @NonNull Map<String, String> waiting, @NonNull Map<String, JobStatus> seen, int turn) {
        List<String> ids = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Map.Entry<String, String> job : waiting.entrySet()) {
            JobStatus now = seen.get(job.getKey());
            if (now != null && !now.value().equals(job.getValue())) {
                if (ids.size() < EVENT_JOBS_PER_POLL) {
                    ids.add(job.getKey());
                }
            } else {
                others.add(job.getKey());
            }
        }
        for (int i = 0; i < others.size() && ids.size() < EVENT_JOBS_PER_POLL; i++) {
            ids.add(others.get(Math.floorMod(turn * EVENT_JOBS_PER_POLL + i, others.size())));
        }
        return ids;
    }

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
                Messages.BulkWait_ReadStatusesCall(count),
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
                log.accept(Messages.Waits_StatusChanged(id, still.get(id), status));
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
        String error = Messages.Waits_TimedOutError(timeoutSeconds, change.finalStatus());
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
        return Messages.BulkWait_TimeoutSummary(
                change.verb(),
                timeoutSeconds,
                waiting.size(),
                change.finalStatus(),
                which + (waiting.size() > NAMED ? ", …" : ""));
    }
}
