package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.BulkInvocation;
import io.jenkins.plugins.finetune.changes.BulkSettings;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import io.jenkins.plugins.finetune.client.bulk.BulkRequest;
import io.jenkins.plugins.finetune.client.bulk.BulkSelection;
import io.jenkins.plugins.finetune.client.bulk.JobOutcome;
import io.jenkins.plugins.finetune.client.bulk.SelectedJob;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.waiting.BulkWait;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import io.jenkins.plugins.finetune.waiting.PrintedEvents;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The durable execution of {@code pauseFineTunes} and {@code resumeFineTunes}, in three phases that each survive a
 * restart and a crash:
 *
 * <ol>
 *   <li><b>Selecting</b>: the selection is listed (ids and statuses only) and saved to disk before any job is
 *       changed. A restart here selects again: nothing was changed yet.
 *   <li><b>Changing</b>: exactly the selected jobs are changed, on the controller's shared bulk pool; each job's
 *       outcome is kept as it comes and saved every few seconds. After a restart only the jobs without an outcome
 *       are changed, each read first: a job whose change took effect before the restart counts as changed
 *       without a second request. The build page then records every job, once, under this step's flow node.
 *   <li><b>Waiting</b> (with {@code wait}): the jobs changed are followed by polls scheduled on Jenkins' shared
 *       {@link Timer} (one listing per poll), holding no thread in between; transient trouble is ridden out until
 *       the deadline.
 * </ol>
 *
 * The state ({@link Progress}) is replaced as a whole, never changed, so that a save from the CPS VM thread sees one
 * consistent state; it holds ids, statuses and the small per-job outcomes, never a job body or a secret.
 */
@Restricted(NoExternalUse.class)
public final class BulkChangeExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How often progress is saved while jobs are being changed. */
    private static final long CHECKPOINT_MILLIS = 2_000;

    private enum Phase {
        SELECTING,
        CHANGING,
        WAITING
    }

    /**
     * Where the bulk change is. {@code selected} is empty until the selection is made; {@code outcomes} holds the
     * jobs changed so far (by id) while changing, and {@code results} every job's outcome in selection order from
     * then on; {@code waiting} the jobs still waited on, with their last status.
     */
    private record Progress(
            Phase phase,
            ArrayList<SelectedJob> selected,
            int listed,
            @CheckForNull String listingError,
            LinkedHashMap<String, JobOutcome> outcomes,
            ArrayList<JobOutcome> results,
            LinkedHashMap<String, String> waiting,
            long pollMillis)
            implements Serializable {

        static Progress selecting() {
            return new Progress(
                    Phase.SELECTING,
                    new ArrayList<>(),
                    0,
                    null,
                    new LinkedHashMap<>(),
                    new ArrayList<>(),
                    new LinkedHashMap<>(),
                    FIRST_POLL_MILLIS);
        }

        static Progress selected(BulkSelection selection) {
            return new Progress(
                    Phase.CHANGING,
                    new ArrayList<>(selection.jobs()),
                    selection.listed(),
                    selection.listingFailure() == null
                            ? null
                            : selection.listingFailure().getMessage(),
                    new LinkedHashMap<>(),
                    new ArrayList<>(),
                    new LinkedHashMap<>(),
                    FIRST_POLL_MILLIS);
        }

        Progress changing(Map<String, JobOutcome> done) {
            return new Progress(
                    Phase.CHANGING,
                    selected,
                    listed,
                    listingError,
                    new LinkedHashMap<>(done),
                    new ArrayList<>(),
                    new LinkedHashMap<>(),
                    FIRST_POLL_MILLIS);
        }

        Progress waiting(List<JobOutcome> all, Map<String, String> still, long interval) {
            return new Progress(
                    Phase.WAITING,
                    selected,
                    listed,
                    listingError,
                    new LinkedHashMap<>(),
                    new ArrayList<>(all),
                    new LinkedHashMap<>(still),
                    interval);
        }
    }

    private final JobChange change;
    private final BulkSettings settings;
    private long startedAt;
    private long deadline;
    private volatile Progress progress = Progress.selecting();

    /**
     * Whether the wait prints the jobs' events. Fields of their own, not in {@link BulkSettings} nor {@link
     * Progress}: records saved in {@code program.dat} are rebuilt by position and never gain components. A state
     * saved before them loads {@code false} and {@code null}: such a wait goes on printing no events, as it began.
     */
    private final boolean events;

    /** The last event printed per job waited on ({@code null}: none yet); replaced, never changed. */
    private volatile LinkedHashMap<String, String> lastEventIds;

    /** Prints the events; what it remembers is new after a restart. */
    private transient EventFollow follow;

    /** Whose turn it is to have its events read ({@link BulkWait#eventTurn}); new after a restart. */
    private transient int eventTurn;

    /** The outcomes of the change under way, as they come (saved in {@link #progress} every few seconds only). */
    private transient volatile Map<String, JobOutcome> changedSoFar;

    /** Set by {@link #onResume()} while waiting: the next poll first reads the last events the build log shows. */
    private transient volatile boolean resumed;

    /** Those events' ids per job, kept until the wait ends (a poll reads after the newer of them and the saved). */
    private transient volatile Map<String, String> loggedEventIds;

    public BulkChangeExecution(
            @NonNull StepContext context, @NonNull JobChange change, @NonNull BulkSettings settings, boolean events) {
        super(context);
        this.change = change;
        this.settings = settings;
        this.events = events;
    }

    @Override
    public boolean start() throws Exception {
        startedAt = System.currentTimeMillis();
        if (settings.waitForFinalStatus() && !settings.dryRun()) {
            deadline = deadline(startedAt, settings.timeoutSeconds());
        }
        changing(true);
        submit(this::selectAndChange);
        return false;
    }

    @Override
    public void onResume() {
        Progress now = progress;
        switch (now.phase()) {
            case SELECTING -> {
                log(Messages.BulkChangeExecution_ResumedSelecting(change.verb()));
                changing(true);
                submit(this::selectAndChange);
            }
            case CHANGING -> {
                int done = now.outcomes().size();
                log(Messages.BulkChangeExecution_ResumedChanging(
                        change.verb(),
                        done,
                        now.selected().size(),
                        now.selected().size() - done));
                changing(true);
                submit(() -> changeRemaining(true));
            }
            case WAITING -> {
                resumed = true;
                schedule(0, this::poll);
            }
        }
    }

    @Override
    protected FoundryTarget callTarget() {
        return settings.target();
    }

    @Override
    public String getStatus() {
        Progress now = progress;
        return switch (now.phase()) {
            case SELECTING -> Messages.StepStatus_Selecting(change.verb());
            case CHANGING ->
                Messages.StepStatus_Changing(
                        change.verb(), now.selected().size(), now.outcomes().size());
            case WAITING -> Messages.StepStatus_WaitingBulk(now.waiting().size(), change.finalStatus());
        };
    }

    private void selectAndChange() throws Exception {
        BulkRequest request = BulkInvocation.request(change, settings.withoutWait());
        BulkSelection selection = BulkInvocation.select(request, settings, run(), listener());
        progress = Progress.selected(selection);
        log(
                selection.listed() > 0
                        ? Messages.BulkChangeExecution_SelectedOfListed(
                                change.verb(), selection.jobs().size(), selection.listed())
                        : Messages.BulkChangeExecution_Selected(
                                change.verb(), selection.jobs().size()));
        // On disk before any job is changed: a restart from here changes exactly these. No thread waits for it.
        checkpointOnDisk(() -> {
            changing(true);
            changeRemaining(false);
        });
    }

    /** Changes the selected jobs that have no outcome yet; {@code recheck}: after a restart, read each first. */
    private void changeRemaining(boolean recheck) throws Exception {
        Progress before = progress;
        Map<String, JobOutcome> done = new ConcurrentHashMap<>(before.outcomes());
        changedSoFar = done;
        List<SelectedJob> remaining = new ArrayList<>();
        for (SelectedJob job : before.selected()) {
            if (!done.containsKey(job.jobId())) {
                remaining.add(job);
            }
        }
        long[] lastCheckpoint = {System.currentTimeMillis()};
        BulkRequest request = BulkInvocation.request(change, settings.withoutWait());
        BulkInvocation.change(request, settings, remaining, recheck, run(), listener(), outcome -> {
            done.put(outcome.jobId(), outcome);
            long now = System.currentTimeMillis();
            if (now - lastCheckpoint[0] >= CHECKPOINT_MILLIS) { // called one outcome at a time
                lastCheckpoint[0] = now;
                progress = before.changing(done);
                checkpoint();
            }
        });
        List<JobOutcome> results = new ArrayList<>(before.selected().size());
        for (SelectedJob job : before.selected()) {
            JobOutcome outcome = done.get(job.jobId());
            results.add(
                    outcome != null
                            ? outcome
                            : new JobOutcome(job.jobId(), JobOutcome.Kind.FAILED, job.status(), "no outcome")
                                    .about(job.status(), null, null));
        }
        changed(before, results);
    }

    /**
     * Stopped while changing: the jobs that have an outcome go on the build page (nothing is lost from it: a job
     * paused before the abort is listed), the others, and any request still in flight, do not.
     */
    @Override
    @CheckForNull
    String recordOnStop() throws Exception {
        Progress now = progress;
        Map<String, JobOutcome> done = changedSoFar;
        if (now.phase() != Phase.CHANGING) {
            return null; // selecting: nothing changed yet; waiting: recorded when the change ended
        }
        List<JobOutcome> outcomes = new ArrayList<>();
        for (SelectedJob job : now.selected()) {
            JobOutcome outcome =
                    done != null ? done.get(job.jobId()) : now.outcomes().get(job.jobId());
            if (outcome != null) {
                outcomes.add(outcome);
            }
        }
        if (outcomes.isEmpty()) {
            return null;
        }
        FineTuneJobsAction.record(
                run(),
                recordKey(),
                BulkReport.of(
                        change,
                        settings.dryRun(),
                        outcomes,
                        now.listed(),
                        now.listingError(),
                        Duration.ofMillis(System.currentTimeMillis() - startedAt)));
        return Messages.BulkChangeExecution_StoppedRecorded(
                change.verb(), outcomes.size(), now.selected().size());
    }

    /** Every selected job has an outcome: record them, fail if asked to, and wait if asked to. */
    private void changed(Progress before, List<JobOutcome> results) throws Exception {
        BulkReport report = BulkReport.of(
                change,
                settings.dryRun(),
                results,
                before.listed(),
                before.listingError(),
                Duration.ofMillis(System.currentTimeMillis() - startedAt));
        if (!before.outcomes().isEmpty()) { // resumed: the change's own summary counted the rest only
            log(
                    settings.dryRun()
                            ? Messages.BulkChangeExecution_AllSelectedDryRun(change.verb(), report.summary())
                            : Messages.BulkChangeExecution_AllSelected(change.verb(), report.summary()));
        }
        BulkInvocation.finish(report, settings, run(), recordKey());
        LinkedHashMap<String, String> pending = BulkWait.pending(change, results);
        if (!settings.waitForFinalStatus() || settings.dryRun() || pending.isEmpty()) {
            succeed(null, maps(results));
            return;
        }
        progress = before.waiting(results, pending, FIRST_POLL_MILLIS);
        changing(false);
        checkpoint(); // a crash from here on resumes waiting
        log(Messages.BulkChangeExecution_Waiting(pending.size(), change.finalStatus()));
        schedule(FIRST_POLL_MILLIS, this::poll);
    }

    private void poll() throws Exception {
        Progress before = progress;
        long now = System.currentTimeMillis();
        Map<String, JobStatus> seen;
        String what =
                Messages.BulkChangeExecution_ReadingStatuses(before.waiting().size());
        try {
            seen = BulkWait.read(settings.target(), run(), before.waiting().keySet());
        } catch (Exception e) {
            rideOut(e, what);
            if (now >= deadline) {
                timedOut(before);
            } else {
                next(before, before.results(), before.waiting(), now, false);
            }
            return;
        }
        answered(what);
        boolean eventsMoved = followEvents(before.waiting(), seen);
        LinkedHashMap<String, String> waiting = BulkWait.apply(change, before.waiting(), seen, this::log);
        List<JobOutcome> results = BulkWait.withStatuses(before.results(), seen);
        now = System.currentTimeMillis();
        if (waiting.isEmpty()) {
            // The page shows the final statuses; after stop() its record is closed and this changes nothing.
            FineTuneJobsAction.settle(
                    run(),
                    recordKey(),
                    FineTuneJobsAction.Settlement.ofAccepted(change, before.results(), results, now - startedAt));
            succeed(
                    Messages.BulkChangeExecution_AllSettled(
                            change.verb(), change.finalStatus(), TimeUnit.MILLISECONDS.toSeconds(now - startedAt)),
                    maps(results));
            return;
        }
        Progress polled = before.waiting(results, waiting, before.pollMillis());
        if (now >= deadline) {
            timedOut(polled);
            return;
        }
        next(polled, results, waiting, now, eventsMoved);
    }

    /** Prints this poll's events (bounded, see {@link BulkWait#followEvents}); whether a job's last event moved. */
    private boolean followEvents(Map<String, String> waiting, Map<String, JobStatus> seen) throws Exception {
        if (!events) {
            return false;
        }
        if (resumed) {
            resumed = false;
            loggedEventIds = PrintedEvents.lastIn(run(), waiting.keySet());
        }
        LinkedHashMap<String, String> before = lastEventIds == null ? new LinkedHashMap<>() : lastEventIds;
        LinkedHashMap<String, String> after = BulkWait.followEvents(
                settings.target(),
                run(),
                waiting,
                seen,
                before,
                loggedEventIds == null ? Map.of() : loggedEventIds,
                eventTurn++,
                follower(),
                this::log);
        lastEventIds = after;
        return !after.equals(before);
    }

    private synchronized EventFollow follower() {
        if (follow == null) {
            follow = new EventFollow();
        }
        return follow;
    }

    /** The next poll, half as long again after the last (never past the deadline); changed statuses are saved. */
    private void next(
            Progress before, List<JobOutcome> results, Map<String, String> waiting, long now, boolean eventsMoved)
            throws Exception {
        long interval = nextPollMillis(before.pollMillis());
        Progress next = before.waiting(results, waiting, interval);
        boolean statusesChanged = !waiting.equals(progress.waiting());
        progress = next;
        if (statusesChanged || eventsMoved) {
            checkpoint();
        }
        schedule(Math.min(interval, Math.max(0, deadline - now)), this::poll);
    }

    private void timedOut(Progress last) throws Exception {
        List<JobOutcome> results = BulkWait.timedOut(change, last.results(), last.waiting(), settings.timeoutSeconds());
        FineTuneJobsAction.settle(
                run(),
                recordKey(),
                FineTuneJobsAction.Settlement.ofAccepted(
                        change, last.results(), results, System.currentTimeMillis() - startedAt));
        String summary = BulkWait.timeoutSummary(change, last.waiting(), settings.timeoutSeconds())
                + trouble().timeoutSuffix();
        if (settings.failOnError()) {
            fail(new AbortException(ConsoleText.sanitize(summary))); // shown once, as the error
        } else {
            succeed(summary, maps(results));
        }
    }

    /** What the step returns: one map per selected job ({@code id, outcome, status, error}), countable. */
    private BulkResults maps(List<JobOutcome> results) {
        return new BulkResults(change, results);
    }
}
