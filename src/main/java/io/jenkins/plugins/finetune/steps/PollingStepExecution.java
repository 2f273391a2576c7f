package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.client.ConsoleText;
import java.io.Serial;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What the durable fine-tuning step executions share: work (an HTTP call) runs on a pooled thread, never on the
 * CPS VM thread; a later poll is scheduled on Jenkins' shared {@link Timer}, so that nothing holds a thread
 * while waiting; {@link #stop} cancels what is scheduled and interrupts what runs; any failure ends the step.
 * Subclasses keep in serializable fields exactly what a restart needs, and resume in {@link #onResume()}.
 */
abstract class PollingStepExecution extends StepExecution {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Logger LOGGER = Logger.getLogger(PollingStepExecution.class.getName());

    /** First poll after the change; each next one waits half as long again, up to {@link #MAX_POLL_MILLIS}. */
    static final long FIRST_POLL_MILLIS = 1_000;

    static final long MAX_POLL_MILLIS = 30_000;

    /** The work in flight or the scheduled next poll; {@code null} after a restart. */
    private transient volatile Future<?> task;

    private transient volatile boolean stopped;

    PollingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    /** One piece of work that may call Azure; it ends the step (or schedules more) itself. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} now on a pooled thread. */
    final void submit(@NonNull Work work) {
        task = Computer.threadPoolForRemoting.submit(() -> guarded(work));
    }

    /** Runs {@code work} on a pooled thread after {@code delayMillis}; the timer only schedules. */
    final void schedule(long delayMillis, @NonNull Work work) {
        if (stopped) {
            return;
        }
        task = Timer.get()
                .schedule(
                        () -> {
                            if (!stopped) {
                                submit(work);
                            }
                        },
                        delayMillis,
                        TimeUnit.MILLISECONDS);
    }

    /** When a wait of {@code timeoutSeconds} from {@code now} gives up (wall clock, so that it survives a restart). */
    static long deadline(long now, int timeoutSeconds) throws AbortException {
        if (timeoutSeconds <= 0) {
            throw new AbortException(
                    "timeout: must be a positive number of seconds when wait is true; got " + timeoutSeconds + ".");
        }
        return now + TimeUnit.SECONDS.toMillis(timeoutSeconds);
    }

    /** The next poll interval after {@code previous}: half as long again, at most {@link #MAX_POLL_MILLIS}. */
    static long nextPollMillis(long previous) {
        return Math.min(MAX_POLL_MILLIS, previous + previous / 2);
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

    private void guarded(Work work) {
        if (stopped) {
            return;
        }
        try {
            work.run();
        } catch (Exception e) {
            if (!stopped) { // after stop() the build is over: an interrupted request is expected
                getContext().onFailure(e);
            }
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
    final Run<?, ?> run() throws Exception {
        return getContext().get(Run.class);
    }

    @NonNull
    final TaskListener listener() throws Exception {
        return getContext().get(TaskListener.class);
    }
}
