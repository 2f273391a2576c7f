package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.changes.JobWatch;
import io.jenkins.plugins.finetune.changes.WaitSettings;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import io.jenkins.plugins.finetune.waiting.PrintedEvents;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The durable execution of {@code waitForFineTune}: polls the job on Jenkins' {@link Timer} (no thread held while
 * waiting, the interval growing as {@link io.jenkins.plugins.finetune.waiting.PollSchedule} says) until it reaches a
 * status of {@code until}, ends in another terminal status (the step fails with Azure's error) or the deadline
 * passes; transient trouble is ridden out until then. Each poll also prints the job's new events, once each: the
 * last event printed is part of the saved {@link Progress}, replaced right after the lines are printed and saved
 * whenever it changes, so that a restart or a crash goes on after it. Changes nothing on Azure, so a restart at any
 * moment simply polls again.
 */
@Restricted(NoExternalUse.class)
public final class WaitExecution extends PollingStepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Where the wait is; replaced, never changed, so that a save from the CPS VM thread sees one whole state. */
    private record Progress(
            @CheckForNull String lastStatus,
            long pollMillis,
            @CheckForNull String lastEventId) implements Serializable {}

    private final WaitSettings settings;
    /** When waiting gives up (epoch milliseconds); wall-clock so that it survives a restart. */
    private long deadline;

    private long startedAt;

    private volatile Progress progress = new Progress(null, FIRST_POLL_MILLIS, null);

    /** Prints the events; what it remembers is new after a restart. */
    private transient EventFollow follow;

    /** Set by {@link #onResume()}: the next poll first reads the last event the build log shows printed. */
    private transient volatile boolean resumed;

    /** That event's id, until a poll read the events after it. */
    private transient volatile String loggedEventId;

    public WaitExecution(@NonNull StepContext context, @NonNull WaitSettings settings) {
        super(context);
        this.settings = settings;
    }

    @Override
    public boolean start() throws Exception {
        if (settings.timeoutSeconds() <= 0) {
            throw new AbortException(Messages.WaitExecution_TimeoutNotPositive(settings.timeoutSeconds()));
        }
        startedAt = System.currentTimeMillis();
        deadline = startedAt + TimeUnit.SECONDS.toMillis(settings.timeoutSeconds());
        log(JobWatch.waitingLine(settings));
        submit(this::poll);
        return false;
    }

    @Override
    public void onResume() {
        log(Messages.WaitExecution_Resumed(settings.jobId()));
        resumed = true;
        schedule(0, this::poll);
    }

    @Override
    protected FoundryTarget callTarget() {
        return settings.target();
    }

    @Override
    boolean recordsJobs() {
        return false; // a wait changes no job: the build page lists the changes
    }

    @Override
    public String getStatus() {
        Progress now = progress;
        return now.lastStatus() == null
                ? Messages.StepStatus_Waiting(settings.jobId(), settings.until().describe())
                : Messages.StepStatus_WaitingLastStatus(
                        settings.jobId(), settings.until().describe(), now.lastStatus());
    }

    private void poll() throws Exception {
        Progress before = progress;
        long now = System.currentTimeMillis();
        JobWatch.Observation seen;
        if (resumed && settings.events()) {
            resumed = false;
            loggedEventId =
                    PrintedEvents.lastIn(run(), Set.of(settings.jobId())).get(settings.jobId());
        }
        try {
            seen = JobWatch.observe(settings, run(), before.lastEventId(), loggedEventId, before.lastStatus());
        } catch (Exception e) {
            rideOut(e, Messages.Waits_ReadingJob(settings.jobId()));
            if (now >= deadline) {
                timedOut(before.lastStatus());
            } else {
                next(before, before.lastStatus(), before.lastEventId(), now);
            }
            return;
        }
        answered(Messages.Waits_ReadingJob(settings.jobId()));
        if (seen.checkpoints() != null) {
            FineTuneTrainingAction.recordCheckpoints(run(), settings.jobId(), seen.checkpoints());
        }
        String lastEventId = printEvents(seen, before.lastEventId());
        JobStatus status = seen.status();
        if (!status.value().equals(before.lastStatus())) {
            log(
                    before.lastStatus() == null
                            ? Messages.Waits_FirstStatus(settings.jobId(), status.value())
                            : Messages.Waits_StatusChanged(settings.jobId(), before.lastStatus(), status.value()));
        }
        if (settings.until().isReachedBy(status)) {
            succeed(
                    JobWatch.reachedLine(settings.jobId(), status.value(), System.currentTimeMillis() - startedAt),
                    seen.job().toMap());
            return;
        }
        if (settings.until().isMissedBy(status)) {
            fail(new AbortException(settings.until().missedMessage(settings.jobId(), seen.job())));
            return;
        }
        now = System.currentTimeMillis();
        if (now >= deadline) {
            timedOut(status.value());
            return;
        }
        next(before, status.value(), lastEventId, now);
    }

    /**
     * Prints the poll's new events and makes the last one the progress' at once (so that a clean restart's save never
     * holds an event as unprinted after it was printed); the caller's {@link #next} saves it.
     */
    @CheckForNull
    private String printEvents(JobWatch.Observation seen, @CheckForNull String lastEventId) {
        var read = seen.events();
        String newest = follower().print(settings.jobId(), read, lastEventId, this::log);
        if (read == null || read.events() == null) {
            return newest;
        }
        loggedEventId = null; // the events after it were read: the saved id is the newer from now on
        Progress before = progress;
        if (!Objects.equals(newest, before.lastEventId())) {
            progress = new Progress(before.lastStatus(), before.pollMillis(), newest);
        }
        return newest;
    }

    /** The next poll, half as long again after the last (never past the deadline); a new status or event is saved. */
    private void next(Progress before, @CheckForNull String status, @CheckForNull String lastEventId, long now) {
        long interval = before.pollMillis();
        progress = new Progress(status, nextPollMillis(interval), lastEventId);
        if (!Objects.equals(status, before.lastStatus()) || !Objects.equals(lastEventId, before.lastEventId())) {
            checkpoint();
        }
        schedule(Math.min(interval, Math.max(0, deadline - now)), this::poll);
    }

    private synchronized EventFollow follower() {
        if (follow == null) {
            follow = new EventFollow();
        }
        return follow;
    }

    private void timedOut(@CheckForNull String lastStatus) {
        fail(new AbortException(settings.until()
                .timeoutMessage(
                        settings.jobId(),
                        settings.timeoutSeconds(),
                        lastStatus,
                        trouble().timeoutSuffix())));
    }
}
