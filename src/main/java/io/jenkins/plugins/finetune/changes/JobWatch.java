package io.jenkins.plugins.finetune.changes;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.waiting.EventFeed;
import java.io.IOException;
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
     * @param events the new events; {@code null} when not followed or not readable
     * @param eventsProblem why the events could not be read (made safe for a console), else {@code null}
     */
    public record Observation(
            @NonNull FineTuningJob job,
            @NonNull JobStatus status,
            @CheckForNull EventFeed.NewEvents events,
            @CheckForNull String eventsProblem) {}

    /**
     * @param lastEventId the last event already printed ({@code null}: none yet)
     * @throws AbortException with a message for the user; a {@link io.jenkins.plugins.finetune.calls.FoundryCallException}
     *     when Azure refused or did not answer the job's read
     */
    @NonNull
    public static Observation observe(
            @NonNull WaitSettings settings, @NonNull Run<?, ?> run, @CheckForNull String lastEventId)
            throws IOException, InterruptedException {
        String id = settings.jobId();
        // No listener: the endpoint line would be printed again for every poll.
        return FoundryCall.run(settings.target(), run, null, "read fine-tuning job '" + id + "'", client -> {
            FineTuningJob job = client.get(id);
            JobStatus status = job.status();
            if (status == null) {
                throw new AbortException(
                        "Azure answered fine-tuning job '" + id + "' without a status; cannot tell whether it is "
                                + settings.until().describe() + ".");
            }
            if (!settings.events()) {
                return new Observation(job, status, null, null);
            }
            try {
                return new Observation(job, status, EventFeed.since(client, id, lastEventId), null);
            } catch (FineTuningInterruptedException e) {
                throw e;
            } catch (FineTuningException | IllegalArgumentException e) {
                return new Observation(job, status, null, ConsoleText.sanitize(String.valueOf(e.getMessage())));
            }
        });
    }

    /** The first line of a wait. */
    @NonNull
    public static String waitingLine(@NonNull WaitSettings settings) {
        return "Waiting up to " + settings.timeoutSeconds() + " s for fine-tuning job " + settings.jobId() + " to be "
                + settings.until().describe();
    }

    /** The first status seen, or a change of status. */
    @NonNull
    public static String statusLine(@NonNull String jobId, @CheckForNull String before, @NonNull String now) {
        return before == null
                ? "Fine-tuning job " + jobId + " is " + now
                : "Fine-tuning job " + jobId + ": " + before + " → " + now;
    }

    /** The last line of a wait that ended well. */
    @NonNull
    public static String reachedLine(@NonNull String jobId, @NonNull String status, long tookMillis) {
        return "Fine-tuning job " + jobId + " is " + status + " after " + tookMillis / 1000 + " s";
    }

    /** Said once per streak of events that cannot be read. */
    @NonNull
    public static String eventsProblemLine(@NonNull String jobId, @NonNull String problem) {
        return "Reading the events of fine-tuning job " + jobId + " failed; waiting goes on: " + problem;
    }
}
