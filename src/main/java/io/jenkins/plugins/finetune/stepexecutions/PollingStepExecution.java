package io.jenkins.plugins.finetune.stepexecutions;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.calls.CallLane;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import io.jenkins.plugins.finetune.calls.FoundryExecutors;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.waiting.PollSchedule;
import io.jenkins.plugins.finetune.waiting.PollTrouble;
import java.io.IOException;
import java.io.Serial;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What the durable fine-tuning step executions share: work (an HTTP call) runs on the plugin's call pool, never
 * on the CPS VM thread; a later poll is scheduled on Jenkins' shared {@link Timer}, so that nothing holds a
 * thread while waiting; a failure ends the step, except transient trouble during a wait ({@link #rideOut}).
 *
 * <p>Ending, as workflow's own {@code GeneralNonBlockingStepExecution} and {@code sleep} do, with one rule for every
 * subclass: the step ends only through {@link #succeed} or {@link #fail} (or {@link #stop}), at most once. {@link
 * #stop} wins: it marks the execution stopped first, takes the build page's record from it, cancels the current
 * task (interrupting a request in flight), and ends the step; from then on no task runs (one scheduled or submitted
 * later is cancelled), nothing completes the step, nothing more is written to the build log by it and nothing is
 * recorded on the build page.
 *
 * <p>Durability: subclasses keep what a restart needs in serializable fields that pool threads replace (never
 * mutate), and call {@link #checkpoint} after each phase change that matters, so that a crash resumes from the
 * last checkpoint rather than from the step's start; they resume in {@link #onResume()}. Work of a Jenkins that
 * is shutting down never reports into its builds ({@link FoundryExecutors.Generation#isStopped()}).
 */
@Restricted(NoExternalUse.class)
public abstract class PollingStepExecution extends StepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Logger LOGGER = Logger.getLogger(PollingStepExecution.class.getName());

    static final long FIRST_POLL_MILLIS = PollSchedule.FIRST_POLL_MILLIS;

    /** How long the work after a checkpoint that must be on disk waits for it at most (on no thread). */
    private static final long CHECKPOINT_TIMEOUT_SECONDS = 60;

    /*
     * Guarded by this: the work in flight or the scheduled next poll ({@code null} after a restart), with the ticket
     * it was taken with, so that work that finished before its own submit() returned never replaces what it
     * scheduled; the last ticket given; whether the step has ended (or is ending).
     */
    private transient Future<?> current;
    private transient long currentTicket;
    private transient long tickets;
    private transient boolean completed;

    /** Set once, first thing in {@link #stop}: from then on nothing runs, completes, logs or records. */
    private transient volatile boolean stopped;

    /** Whether a request that changes a job may be on its way (a safe restart waits for it). */
    private transient volatile boolean changing;

    /** The current streak of transient poll failures; new after a restart (said again once). */
    private transient PollTrouble trouble;

    protected PollingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    /** One piece of work that may call Azure; it ends the step (or schedules more) itself. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} now on the call pool, in the fair share of the endpoint (and agent) it calls; never after {@link #stop}. */
    final void submit(@NonNull Work work) {
        long ticket = ticket();
        if (ticket < 0) {
            return;
        }
        FoundryExecutors.Generation generation = FoundryExecutors.current();
        track(ticket, generation.calls(lane()).submit(() -> guarded(generation, work)));
    }

    /** Where this step's calls go, as the user wrote it: picks its share of the call pool ({@link CallLane}). */
    @CheckForNull
    protected FoundryTarget callTarget() {
        return null;
    }

    private String lane() {
        FoundryTarget target = callTarget();
        if (target == null) {
            return getClass().getName();
        }
        Run<?, ?> run = getContext().isReady() ? contextRun() : null;
        return CallLane.of(target, run == null ? null : run.getParent().getParent());
    }

    @CheckForNull
    private Run<?, ?> contextRun() {
        try {
            return getContext().get(Run.class);
        } catch (IOException e) {
            return null; // the call itself fails with the reason; its lane does not matter then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs {@code work} on the call pool after {@code delayMillis}; the timer only schedules. */
    final void schedule(long delayMillis, @NonNull Work work) {
        long ticket = ticket();
        if (ticket < 0) {
            return;
        }
        FoundryExecutors.Generation generation = FoundryExecutors.current();
        track(
                ticket,
                Timer.get()
                        .schedule(
                                () -> {
                                    if (!stopped && !generation.isStopped()) {
                                        submit(work);
                                    }
                                },
                                delayMillis,
                                TimeUnit.MILLISECONDS));
    }

    /** The next task's ticket; {@code -1} once stopped (nothing more is started). */
    private synchronized long ticket() {
        return stopped ? -1 : ++tickets;
    }

    /** Makes {@code task} the one {@link #stop} cancels, unless a later one is; cancels it if stop came first. */
    private void track(long ticket, @NonNull Future<?> task) {
        boolean lateForStop;
        synchronized (this) {
            lateForStop = stopped;
            if (!lateForStop && ticket > currentTicket) {
                current = task;
                currentTicket = ticket;
            }
        }
        if (lateForStop) {
            task.cancel(true);
        }
    }

    /** Asks Pipeline to save this execution's state soon: a crash after that resumes from here. */
    final void checkpoint() {
        getContext().saveState();
    }

    /**
     * Saves this execution's state and then runs {@code next} on the call pool: for requests that must not be
     * repeated from an older state after a crash. No thread waits for the save: {@code next} is submitted when it
     * completes, or after {@value #CHECKPOINT_TIMEOUT_SECONDS} s on Jenkins' {@link Timer} if it has not (said in
     * Jenkins' log; the work goes on as it did before this wait existed).
     */
    final void checkpointOnDisk(@NonNull Work next) {
        ListenableFuture<Void> saved = getContext().saveState();
        AtomicBoolean handedOn = new AtomicBoolean();
        Runnable goOn = () -> {
            if (handedOn.compareAndSet(false, true)) {
                submit(next);
            }
        };
        Future<?> timeout = Timer.get()
                .schedule(
                        () -> {
                            if (!handedOn.get() && !stopped) {
                                LOGGER.log(
                                        Level.WARNING,
                                        "The state of {0} was not saved within {1} s; going on",
                                        new Object[] {getContext(), CHECKPOINT_TIMEOUT_SECONDS});
                                goOn.run();
                            }
                        },
                        CHECKPOINT_TIMEOUT_SECONDS,
                        TimeUnit.SECONDS);
        saved.addListener(
                () -> {
                    timeout.cancel(false);
                    try {
                        Futures.getDone(saved);
                    } catch (ExecutionException | CancellationException e) {
                        LOGGER.log(Level.WARNING, "Could not save the state of " + getContext(), e);
                    }
                    goOn.run();
                },
                Timer.get());
    }

    /** Marks the time a job-changing request may be on its way: {@link #blocksRestart()} says so. */
    final void changing(boolean value) {
        changing = value;
    }

    /** A safe restart waits while a job-changing request may be on its way; waiting itself never blocks one. */
    @Override
    public boolean blocksRestart() {
        return changing;
    }

    /** When a wait of {@code timeoutSeconds} from {@code now} gives up (wall clock, so that it survives a restart). */
    static long deadline(long now, int timeoutSeconds) throws AbortException {
        if (timeoutSeconds <= 0) {
            throw new AbortException(Messages.PollingStepExecution_TimeoutNotPositive(timeoutSeconds));
        }
        return now + TimeUnit.SECONDS.toMillis(timeoutSeconds);
    }

    /** The next poll interval after {@code previous} ({@link PollSchedule}). */
    static long nextPollMillis(long previous) {
        return PollSchedule.next(previous);
    }

    /**
     * Whether a failed poll is trouble that may pass (a network failure, a timeout, 429 or 5xx after the client's
     * retries): then it is said once per streak and the caller polls again until its deadline. Anything else (401,
     * 403, 404, a bad answer) is rethrown and ends the step with its message.
     */
    final void rideOut(@NonNull Exception failure, @NonNull String what) throws Exception {
        if (!(failure instanceof FoundryCallException call)) {
            throw failure;
        }
        trouble().rideOut(call, what, this::log);
    }

    /** A poll answered: a streak of trouble, if any, is over (said once). */
    final void answered(@NonNull String what) {
        trouble().answered(what, this::log);
    }

    /** The current streak of poll trouble ({@link PollTrouble#timeoutSuffix()} for a timeout message). */
    @NonNull
    final synchronized PollTrouble trouble() {
        if (trouble == null) {
            trouble = new PollTrouble();
        }
        return trouble;
    }

    /** A key for the build page that is this step's alone, stable across restarts: its flow node id. */
    @NonNull
    final String recordKey() throws Exception {
        FlowNode node = getContext().get(FlowNode.class);
        return node == null ? String.valueOf(System.identityHashCode(this)) : node.getId();
    }

    /**
     * The step ends well with {@code value}, and {@code lastLine} (if any) in the build log: at most once, and
     * never after {@link #stop} (then nothing is written either).
     */
    final void succeed(@CheckForNull String lastLine, Object value) {
        if (claimEnd()) {
            if (lastLine != null) {
                print(lastLine);
            }
            getContext().onSuccess(value);
        }
    }

    /** The step fails with {@code failure}: at most once, never after {@link #stop}. */
    final void fail(@NonNull Throwable failure) {
        if (claimEnd()) {
            getContext().onFailure(failure);
        }
    }

    /** Whether the caller is the one that ends the step. */
    private synchronized boolean claimEnd() {
        if (completed) {
            return false;
        }
        completed = true;
        return true;
    }

    @Override
    public final void stop(@NonNull Throwable cause) throws Exception {
        Future<?> running;
        boolean ends;
        synchronized (this) {
            stopped = true;
            running = current;
            current = null;
            ends = !completed;
            completed = true;
        }
        if (ends && recordsJobs()) {
            try {
                String said = recordOnStop();
                if (said != null) {
                    print(said); // the step's last line: said as it stops, so not silenced
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not record what was done before " + getContext() + " stopped", e);
            }
        }
        closeRecord();
        if (running != null) {
            running.cancel(true); // interrupts a request in flight: the client abandons it at once
        }
        if (ends) {
            getContext().onFailure(cause);
        }
    }

    /**
     * Records on the build page what the step had done when it was stopped, if anything is not recorded yet; called
     * once, from {@link #stop}, before the record is closed to whatever still finishes. Nothing by default.
     *
     * @return a line for the build log saying what was recorded, or {@code null}
     */
    @CheckForNull
    String recordOnStop() throws Exception {
        return null;
    }

    /** Whether this step records jobs on the build page (the read-only steps do not). */
    boolean recordsJobs() {
        return true;
    }

    /** Work still finishing after stop() (a response that was on its way) records nothing on the build page. */
    private void closeRecord() {
        if (!recordsJobs()) {
            return;
        }
        try {
            FineTuneJobsAction.close(run(), recordKey());
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "No build page record to close for " + getContext(), e);
        }
    }

    private void guarded(FoundryExecutors.Generation generation, Work work) {
        if (stopped || generation.isStopped()) {
            return;
        }
        long lastTicket = lastTicket();
        try {
            work.run();
        } catch (Throwable e) { // as GeneralNonBlockingStepExecution: whatever happens ends the step, once
            // After stop() the build is over, and a Jenkins shutting down interrupts what runs: expected then.
            if (!generation.isStopped()) {
                fail(e);
            }
        } finally {
            if (lastTicket() == lastTicket) { // else what this work started (maybe a change, after a save) says
                changing = false;
            }
        }
    }

    private synchronized long lastTicket() {
        return tickets;
    }

    /** One line in the build log, with anything Azure sent made safe for a console; nothing after stop(). */
    final void log(String line) {
        if (!stopped) {
            print(line);
        }
    }

    private void print(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println(ConsoleText.sanitize(line));
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "Cannot write to the build log", e);
        }
    }

    @NonNull
    protected final Run<?, ?> run() throws Exception {
        return getContext().get(Run.class);
    }

    /** The build log, as the calls and changes write to it: silent once the step is stopped. */
    @NonNull
    protected final TaskListener listener() throws Exception {
        return new SilencedAfterStop(getContext().get(TaskListener.class), () -> stopped);
    }
}
