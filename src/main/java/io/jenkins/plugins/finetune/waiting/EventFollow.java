package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Following jobs' events in a build log while a step waits, the one way every wait does it (waitForFineTune, the
 * change steps' {@code wait}, the bulk waits; durable and freestyle): {@link #read} one job's new events in a poll
 * (they are extra: a failed read never ends a wait), {@link #print} them, once each and in order, and say a failed
 * read once per streak. One instance per wait; what it remembers (which jobs' trouble was said) is not saved: after
 * a restart a failing read is said again once.
 */
@Restricted(NoExternalUse.class)
public final class EventFollow {

    /** The pages a single job's wait reads per poll at most. */
    public static final int PAGES = 5;

    /**
     * What reading one job's events gave.
     *
     * @param events the new events, or {@code null} when they could not be read
     * @param problem why not (made safe for a console), else {@code null}
     */
    public record Reading(
            @CheckForNull EventFeed.NewEvents events,
            @CheckForNull String problem) {}

    private final Set<String> problemSaid = new HashSet<>();

    /**
     * The events of {@code jobId} after whichever of {@code lastSeenId} and {@code alsoSeenId} is newer (see {@link
     * EventFeed#since}); a refusal or trouble is returned as the reading's problem, an interruption thrown.
     */
    @NonNull
    public static Reading read(
            @NonNull FineTuningClient client,
            @NonNull String jobId,
            @CheckForNull String lastSeenId,
            @CheckForNull String alsoSeenId,
            int maxPages,
            int shown) {
        try {
            return new Reading(EventFeed.since(client, jobId, lastSeenId, alsoSeenId, maxPages, shown), null);
        } catch (FineTuningInterruptedException e) {
            throw e;
        } catch (FineTuningException | IllegalArgumentException e) {
            return new Reading(null, ConsoleText.sanitize(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Prints one reading of {@code jobId}'s events to {@code log} (lines sanitized by the log) and gives the id to
     * remember as the last event printed ({@code lastSeenId} when nothing new was read).
     */
    @CheckForNull
    public synchronized String print(
            @NonNull String jobId,
            @CheckForNull Reading reading,
            @CheckForNull String lastSeenId,
            @NonNull Consumer<String> log) {
        if (reading == null) {
            return lastSeenId;
        }
        if (reading.problem() != null) {
            if (problemSaid.add(jobId)) {
                log.accept(Messages.EventFollow_ReadFailed(jobId, reading.problem()));
            }
            return lastSeenId;
        }
        EventFeed.NewEvents events = reading.events();
        if (events == null) {
            return lastSeenId;
        }
        problemSaid.remove(jobId);
        EventFeed.lines(jobId, events).forEach(log);
        return events.newestId();
    }
}
