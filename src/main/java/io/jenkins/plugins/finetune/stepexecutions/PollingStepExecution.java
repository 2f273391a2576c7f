package io.jenkins.plugins.finetune.stepexecutions;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.calls.CallLane;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import io.jenkins.plugins.finetune.calls.FoundryExecutors;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.waiting.PollSchedule;
import io.jenkins.plugins.finetune.waiting.PollTrouble;
import java.io.IOException;
import java.io.Serial;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * thread while waiting; {@link #stop} cancels what is scheduled and interrupts what runs; a failure ends the
 * step, except transient trouble during a wait ({@link #rideOut}).
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

    /** How long a checkpoint that must be on disk before going on may take. */
    private static final long CHECKPOINT_TIMEOUT_SECONDS = 60;

    /** The work in flight or the scheduled next poll; {@code null} after a restart. */
    private transient volatile Future<?> task;

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

    /** Runs {@code work} now on the call pool, in the fair share of the endpoint (and agent) it calls. */
    final void submit(@NonNull Work work) {
        FoundryExecutors.Generation generation = FoundryExecutors.current();
        task = generation.calls(lane()).submit(() -> guarded(generation, work));
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
        if (stopped) {
            return;
        }
        FoundryExecutors.Generation generation = FoundryExecutors.current();
        task = Timer.get()
                .schedule(
                        () -> {
                            if (!stopped && !generation.isStopped()) {
                                submit(work);
                            }
                        },
                        delayMillis,
                        TimeUnit.MILLISECONDS);
    }

    /** Asks Pipeline to save this execution's state soon: a crash after that resumes from here. */
    final void checkpoint() {
        getContext().saveState();
    }

    /**
     * Saves this execution's state and returns once it is on disk: needed before sending requests that must not be
     * repeated from an older state after a crash.
     */
    final void checkpointOnDisk() throws InterruptedException {
        try {
            getContext().saveState().get(CHECKPOINT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.WARNING, "Could not save the state of " + getContext(), e);
        }
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
            throw new AbortException(
                    "timeout: must be a positive number of seconds when wait is true; got " + timeoutSeconds + ".");
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

    @Override
    public final void stop(@NonNull Throwable cause) throws Exception {
        stopped = true;
        Future<?> current = task;
        if (current != null) {
            current.cancel(true); // interrupts a request in flight: the client abandons it at once
        }
        getContext().onFailure(cause);
    }

    private void guarded(FoundryExecutors.Generation generation, Work work) {
        if (stopped || generation.isStopped()) {
            return;
        }
        try {
            work.run();
        } catch (Exception e) {
            // After stop() the build is over, and a Jenkins shutting down interrupts what runs: expected then.
            if (!stopped && !generation.isStopped()) {
                getContext().onFailure(e);
            }
        } finally {
            changing = false;
        }
    }

    /** One line in the build log, with anything Azure sent made safe for a console. */
    final void log(String line) {
        try {
            listener().getLogger().println(ConsoleText.sanitize(line));
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "Cannot write to the build log", e);
        }
    }

    @NonNull
    protected final Run<?, ?> run() throws Exception {
        return getContext().get(Run.class);
    }

    @NonNull
    protected final TaskListener listener() throws Exception {
        return getContext().get(TaskListener.class);
    }
}
