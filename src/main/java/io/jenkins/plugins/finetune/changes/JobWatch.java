package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.waiting.EventFeed;
import io.jenkins.plugins.finetune.waiting.EventFollow;
import java.io.IOException;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One poll of a wait on one job, shared by the durable {@code waitForFineTune} and its freestyle build step: the
 * job, then (when followed) its events since the last one printed, with one client. The events are extra: when
 * they cannot be read the wait goes on and says why; only the job's own read decides the wait.
 */
@Restricted(NoExternalUse.class)
public final class JobWatch {

    private JobWatch() {}

    /**
     * What one poll saw.
     *
     * @param events the reading of the new events; {@code null} when not followed
     * @param checkpoints the job's checkpoints when they were asked for and could be read, else {@code null}
     */
    public record Observation(
            @NonNull FineTuningJob job,
            @NonNull JobStatus status,
            @CheckForNull EventFollow.Reading events,
            @CheckForNull List<FineTuningCheckpoint> checkpoints) {

        Observation withCheckpoints(@CheckForNull List<FineTuningCheckpoint> read) {
            return new Observation(job, status, events, read);
        }
    }

    /** Most checkpoints a wait reads for the build page's chart (Azure keeps a few per job). */
    static final int MAX_CHECKPOINTS = 1000;

    /**
     * @param lastEventId the last event already printed ({@code null}: none yet)
     * @param loggedEventId the last event the build log shows printed, read on resume (see {@link
     *     io.jenkins.plugins.finetune.waiting.PrintedEvents}); {@code null} otherwise
     * @throws AbortException with a message for the user; a {@link io.jenkins.plugins.finetune.calls.FoundryCallException}
     *     when Azure refused or did not answer the job's read
     */
    @NonNull
    public static Observation observe(
            @NonNull WaitSettings settings,
            @NonNull Run<?, ?> run,
            @CheckForNull String lastEventId,
            @CheckForNull String loggedEventId,
            @CheckForNull String lastStatus)
            throws IOException, InterruptedException {
        String id = settings.jobId();
        // No listener: the endpoint line would be printed again for every poll.
        return FoundryCall.run(settings.target(), run, null, Messages.JobWatch_ReadJob(id), client -> {
            FineTuningJob job = client.get(id);
            JobStatus status = job.status();
            if (status == null) {
                throw new AbortException(
                        Messages.JobWatch_NoStatus(id, settings.until().describe()));
            }
            Observation seen = new Observation(
                    job,
                    status,
                    settings.events()
                            ? EventFollow.read(
                                    client, id, lastEventId, loggedEventId, EventFollow.PAGES, EventFeed.SHOWN)
                            : null,
                    null);
            // The chart on the build page: read when the status changes (the first poll, the end), not every poll.
            if (!status.value().equals(lastStatus)) {
                try {
                    seen = seen.withCheckpoints(client.listAllCheckpoints(id, MAX_CHECKPOINTS));
                } catch (FineTuningInterruptedException e) {
                    throw e;
                } catch (FineTuningException | IllegalArgumentException e) {
                    // the chart goes without them; the wait is what the step is for
                }
            }
            return seen;
        });
    }

    /** The first line of a wait. */
    @NonNull
    public static String waitingLine(@NonNull WaitSettings settings) {
        return Messages.JobWatch_Waiting(
                String.valueOf(settings.timeoutSeconds()),
                settings.jobId(),
                settings.until().describe());
    }

    /** The first status seen, or a change of status. */
    @NonNull
    public static String statusLine(@NonNull String jobId, @CheckForNull String before, @NonNull String now) {
        return before == null
                ? Messages.JobWatch_FirstStatus(jobId, now)
                : Messages.JobWatch_StatusChanged(jobId, before, now);
    }

    /** The last line of a wait that ended well. */
    @NonNull
    public static String reachedLine(@NonNull String jobId, @NonNull String status, long tookMillis) {
        return Messages.JobWatch_Reached(jobId, status, String.valueOf(tookMillis / 1000));
    }
}
