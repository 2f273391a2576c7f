package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.calls.FoundryCallException;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import io.jenkins.plugins.finetune.waiting.PollSchedule;
import io.jenkins.plugins.finetune.waiting.PollTrouble;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The freestyle {@code waitForFineTune} build step's wait: the same polls ({@link JobWatch}), rules and messages
 * as the durable Pipeline step's, on the build's executor, which a freestyle build holds anyway. Sleeps between
 * polls as {@link PollSchedule} says; aborting the build interrupts the sleep or the call.
 */
@Restricted(NoExternalUse.class)
public final class WaitInvocation {

    private WaitInvocation() {}

    /**
     * @return the job once it reached a status of {@code until}
     * @throws AbortException when it ended in another terminal status, at the deadline, or when a call failed
     *     for good (messages made safe for a console, never a secret)
     * @throws InterruptedException when the build is aborted
     */
    @NonNull
    public static FineTuningJob run(
            @NonNull WaitSettings settings, @NonNull Run<?, ?> run, @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream logger = listener.getLogger();
        Consumer<String> log = line -> logger.println(ConsoleText.sanitize(line));
        String id = settings.jobId();
        long started = System.currentTimeMillis();
        long deadline = started + TimeUnit.SECONDS.toMillis(settings.timeoutSeconds());
        log.accept(JobWatch.waitingLine(settings));
        PollTrouble trouble = new PollTrouble();
        String lastStatus = null;
        String lastEventId = null;
        EventFollow follow = new EventFollow();
        long interval = PollSchedule.FIRST_POLL_MILLIS;
        while (true) {
            long now = System.currentTimeMillis();
            JobWatch.Observation seen;
            try {
                seen = JobWatch.observe(settings, run, lastEventId, null, lastStatus);
            } catch (FoundryCallException e) {
                trouble.rideOut(e, Messages.WaitInvocation_ReadingJob(id), log);
                if (now >= deadline) {
                    throw timedOut(settings, lastStatus, trouble);
                }
                interval = sleep(interval, deadline - now);
                continue;
            }
            trouble.answered(Messages.WaitInvocation_ReadingJob(id), log);
            if (seen.checkpoints() != null) {
                FineTuneTrainingAction.recordCheckpoints(run, id, seen.checkpoints());
            }
            lastEventId = follow.print(id, seen.events(), lastEventId, log);
            String status = seen.status().value();
            if (!status.equals(lastStatus)) {
                log.accept(JobWatch.statusLine(id, lastStatus, status));
                lastStatus = status;
            }
            if (settings.until().isReachedBy(seen.status())) {
                log.accept(JobWatch.reachedLine(id, status, System.currentTimeMillis() - started));
                return seen.job();
            }
            if (settings.until().isMissedBy(seen.status())) {
                throw new AbortException(settings.until().missedMessage(id, seen.job()));
            }
            now = System.currentTimeMillis();
            if (now >= deadline) {
                throw timedOut(settings, lastStatus, trouble);
            }
            interval = sleep(interval, deadline - now);
        }
    }

    /** Sleeps {@code interval} (never past the deadline) and gives the next one. */
    private static long sleep(long interval, long untilDeadline) throws InterruptedException {
        Thread.sleep(Math.max(0, Math.min(interval, untilDeadline)));
        return PollSchedule.next(interval);
    }

    private static AbortException timedOut(WaitSettings settings, String lastStatus, PollTrouble trouble) {
        return new AbortException(settings.until()
                .timeoutMessage(settings.jobId(), settings.timeoutSeconds(), lastStatus, trouble.timeoutSuffix()));
    }
}
