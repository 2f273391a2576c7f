package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.JobChangeInvocation;
import io.jenkins.plugins.finetune.changes.JobChangeSettings;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import io.jenkins.plugins.finetune.client.ops.JobChangeOutcome;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import io.jenkins.plugins.finetune.waiting.EventFeed;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import io.jenkins.plugins.finetune.waiting.PrintedEvents;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The durable execution of {@code pauseFineTune}, {@code resumeFineTune} and {@code cancelFineTune}.
 *
 * <p>The change request runs on a pooled thread, off the CPS VM thread. Waiting holds no thread: each poll is
 * scheduled on Jenkins' shared {@link Timer} (as {@code sleep} and {@code waitUntil} do), with a growing
 * interval. The persisted state is what a restart needs: the settings (ids, never a secret), the deadline and
 * the {@link Progress} (phase, last status, poll interval), replaced as a whole and saved as soon as the change
 * was accepted, so that a crash while waiting resumes waiting. After a restart or a crash {@link #onResume()}
 * looks the credentials up again from the run: while waiting, it polls again; if it came during the change
 * request itself, it reads the job first and sends the change only if it has not taken effect. The build page
 * records the job once, under this step's flow node, whatever restarts happened.
 */
@Restricted(NoExternalUse.class)
public final class JobChangeExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    private enum Phase {
        /** The change request is (or was, before a restart) on its way. */
        REQUESTING,
        /** The change was accepted; polling until the final status. */
        WAITING
    }

    /**
     * Where this step is; replaced, never changed, so that a save from the CPS VM thread sees one whole state. From
     * the change on, also what the build page recorded, so that the wait settles the job's record in full after a
     * restart too ({@code null} in a state saved before these components: read as a change made).
     */
    private record Progress(
            Phase phase,
            @CheckForNull String lastStatus,
            long pollMillis,
            @CheckForNull JobChangeOutcome recorded,
            @CheckForNull String previousStatus,
            @CheckForNull String requestId,
            @CheckForNull String model)
            implements Serializable {

        Progress(Phase phase, @CheckForNull String lastStatus, long pollMillis) {
            this(phase, lastStatus, pollMillis, null, null, null, null);
        }

        /** The next poll's state, what was recorded kept. */
        Progress polled(@CheckForNull String status, long interval) {
            return new Progress(phase, status, interval, recorded, previousStatus, requestId, model);
        }

        /** How the build page settles the job: as read after the wait, or as last seen with why it failed. */
        FineTuneJobsAction.Settlement settlement(
                JobChange change,
                String jobId,
                @CheckForNull String status,
                @CheckForNull String readModel,
                @CheckForNull String fineTunedModel,
                @CheckForNull String error,
                long waitedMillis) {
            return FineTuneJobsAction.Settlement.of(
                    change,
                    recorded == null ? JobChangeOutcome.CHANGED : recorded,
                    jobId,
                    previousStatus,
                    status,
                    readModel != null ? readModel : model,
                    fineTunedModel,
                    requestId,
                    error,
                    waitedMillis);
        }
    }

    private final JobChangeSettings settings;
    /** When waiting gives up (epoch milliseconds); wall-clock so that it survives a restart. */
    private long deadline;

    private long startedAt;

    private volatile Progress progress = new Progress(Phase.REQUESTING, null, FIRST_POLL_MILLIS);

    /**
     * The last event printed while waiting ({@code null}: none yet, or a state saved before events were followed).
     * A field of its own, not a component of {@link Progress}: a record saved in {@code program.dat} is rebuilt by
     * position, so it never gains components. Replaced right after the lines are printed, saved when it changes.
     */
    private volatile String lastEventId;

    /** The last event id as last asked to be saved (to save again only when it moves); new after a restart. */
    private transient volatile String savedEventId;

    /** Prints the events; what it remembers is new after a restart. */
    private transient EventFollow follow;

    /** Set by {@link #onResume()} while waiting: the next poll first reads the last event the build log shows. */
    private transient volatile boolean resumed;

    /** That event's id, until a poll read the events after it. */
    private transient volatile String loggedEventId;

    public JobChangeExecution(@NonNull StepContext context, @NonNull JobChangeSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        startedAt = System.currentTimeMillis();
        if (settings.waitForFinalStatus()) {
            deadline = deadline(startedAt, settings.timeoutSeconds());
        }
        changing(true);
        submit(this::request);
        return false;
    }

    @Override
    public void onResume() {
        if (progress.phase() == Phase.REQUESTING) {
            log(Messages.JobChangeExecution_ResumedRequesting(settings.change().verb(), settings.jobId()));
            changing(true);
            submit(this::requestUnlessTakenEffect);
        } else {
            resumed = true;
            schedule(0, this::poll);
        }
    }

    @Override
    protected FoundryTarget callTarget() {
        return settings.target();
    }

    @Override
    public String getStatus() {
        Progress now = progress;
        return now.phase() == Phase.REQUESTING
                ? Messages.StepStatus_Sending(settings.change().verb(), settings.jobId())
                : Messages.StepStatus_WaitingLastStatus(
                        settings.jobId(), settings.change().finalStatus(), now.lastStatus());
    }

    private void request() throws Exception {
        JobChangeResult result = JobChangeInvocation.run(settings.withoutWait(), run(), listener(), recordKey());
        changed(result);
    }

    /** After a restart during the request: the change may or may not have reached Azure. */
    private void requestUnlessTakenEffect() throws Exception {
        FineTuningJob job = read();
        JobChange change = settings.change();
        JobStatus status = statusOf(job);
        if (change.isAlreadyDone(status) || status.equals(change.finalStatus())) {
            log(Messages.JobChangeExecution_TookEffect(settings.jobId(), status.value(), change.verb()));
            JobChangeResult result = new JobChangeResult(job, change.eligibleFrom(), null, JobChangeOutcome.CHANGED);
            FineTuneJobsAction.record(run(), recordKey(), change, result);
            changed(result);
        } else {
            request();
        }
    }

    private void changed(@NonNull JobChangeResult result) throws Exception {
        FineTuningJob job = result.job();
        JobChangeOutcome outcome = result.outcome();
        JobStatus status = statusOf(job);
        if (!settings.waitForFinalStatus()
                || outcome == JobChangeOutcome.NOT_ELIGIBLE
                || settings.change().isSettled(status)) {
            succeed(null, job.toMap());
            return;
        }
        JobStatus previous = result.previousStatus();
        progress = new Progress(
                Phase.WAITING,
                status.value(),
                FIRST_POLL_MILLIS,
                outcome,
                previous == null ? null : previous.value(),
                result.requestId(),
                job.model());
        changing(false);
        checkpoint(); // a crash from here on resumes waiting, without reading or recording the job again
        schedule(FIRST_POLL_MILLIS, this::poll);
    }

    private void poll() throws Exception {
        Progress before = progress;
        long now = System.currentTimeMillis();
        if (resumed && settings.events()) {
            resumed = false;
            loggedEventId =
                    PrintedEvents.lastIn(run(), Set.of(settings.jobId())).get(settings.jobId());
        }
        String eventsBefore = lastEventId;
        FineTuningJob job;
        try {
            Polled polled = readWithEvents(eventsBefore);
            job = polled.job();
            printEvents(polled.events(), eventsBefore);
        } catch (Exception e) {
            rideOut(e, Messages.Waits_ReadingJob(settings.jobId()));
            if (now >= deadline) {
                timedOut(before, before.lastStatus());
            } else {
                next(before, before.lastStatus(), now);
            }
            return;
        }
        answered(Messages.Waits_ReadingJob(settings.jobId()));
        JobStatus status = statusOf(job);
        if (!status.value().equals(before.lastStatus())) {
            log(Messages.Waits_StatusChanged(settings.jobId(), before.lastStatus(), status.value()));
        }
        now = System.currentTimeMillis();
        if (settings.change().isSettled(status)) {
            // The page shows the final status; after stop() its record is closed and this changes nothing.
            FineTuneJobsAction.settle(
                    run(),
                    recordKey(),
                    List.of(before.settlement(
                            settings.change(),
                            settings.jobId(),
                            status.value(),
                            job.model(),
                            job.fineTunedModel(),
                            null,
                            now - startedAt)));
            succeed(
                    Messages.Waits_Reached(
                            settings.jobId(), status.value(), TimeUnit.MILLISECONDS.toSeconds(now - startedAt)),
                    job.toMap());
            return;
        }
        if (now >= deadline) {
            timedOut(before, status.value());
            return;
        }
        next(before, status.value(), now);
    }

    /** Prints the poll's new events and makes the last one this execution's at once; {@link #next} saves it. */
    private void printEvents(@CheckForNull EventFollow.Reading reading, @CheckForNull String before) {
        String newest = follower().print(settings.jobId(), reading, before, this::log);
        if (reading != null && reading.events() != null) {
            loggedEventId = null; // the events after it were read: the saved id is the newer from now on
            lastEventId = newest;
        }
    }

    private synchronized EventFollow follower() {
        if (follow == null) {
            follow = new EventFollow();
        }
        return follow;
    }

    /**
     * The next poll, half as long again after the last (never past the deadline); a new status or a new last event
     * is saved.
     */
    private void next(Progress before, @CheckForNull String status, long now) throws Exception {
        long interval = nextPollMillis(before.pollMillis());
        boolean eventsMoved = !Objects.equals(lastEventId, savedEventId);
        progress = before.polled(status, interval);
        if ((status != null && !status.equals(before.lastStatus())) || eventsMoved) {
            savedEventId = lastEventId;
            checkpoint();
        }
        schedule(Math.min(interval, Math.max(0, deadline - now)), this::poll);
    }

    private void timedOut(Progress last, @CheckForNull String lastStatus) throws Exception {
        FineTuneJobsAction.settle(
                run(),
                recordKey(),
                List.of(last.settlement(
                        settings.change(),
                        settings.jobId(),
                        lastStatus,
                        null,
                        null,
                        Messages.Waits_TimedOutError(
                                settings.timeoutSeconds(), settings.change().finalStatus()),
                        System.currentTimeMillis() - startedAt)));
        String timedOut = Messages.JobChangeExecution_TimedOut(
                settings.timeoutSeconds(),
                settings.jobId(),
                settings.change().finalStatus(),
                String.valueOf(lastStatus),
                trouble().timeoutSuffix().isEmpty() ? "." : trouble().timeoutSuffix());
        fail(new AbortException(timedOut)); // the build log shows it once, as the error
    }

    /** One poll's answer: the job, and its events when followed. */
    private record Polled(
            @NonNull FineTuningJob job, @CheckForNull EventFollow.Reading events) {}

    /** The job and (when followed) its events after {@code lastSeen}, in one call with one client. */
    @NonNull
    private Polled readWithEvents(@CheckForNull String lastSeen) throws Exception {
        String id = settings.jobId();
        String logged = loggedEventId;
        // No listener: the endpoint line was printed with the change request, not again for every poll.
        return FoundryCall.run(settings.target(), run(), null, Messages.Waits_ReadJobCall(id), client -> {
            FineTuningJob job = client.get(id);
            return new Polled(
                    job,
                    settings.events()
                            ? EventFollow.read(client, id, lastSeen, logged, EventFollow.PAGES, EventFeed.SHOWN)
                            : null);
        });
    }

    @NonNull
    private FineTuningJob read() throws Exception {
        String id = settings.jobId();
        // No listener: the endpoint line was printed with the change request, not again for every poll.
        return FoundryCall.run(
                settings.target(), run(), null, Messages.Waits_ReadJobCall(id), client -> client.get(id));
    }

    /** A job without a status cannot be waited on: say so rather than fail on a null. */
    @NonNull
    private JobStatus statusOf(@NonNull FineTuningJob job) throws AbortException {
        JobStatus status = job.status();
        if (status == null) {
            throw new AbortException(Messages.JobChangeExecution_NoStatus(
                    settings.jobId(), settings.change().verb()));
        }
        return status;
    }
}
