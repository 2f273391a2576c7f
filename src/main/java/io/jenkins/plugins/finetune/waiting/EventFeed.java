package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.JobIds;
import io.jenkins.plugins.finetune.client.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * A job's events that a wait has not printed yet. Azure lists events newest first and pages towards older ones, so
 * the new events are those before the last one seen: read from the newest, page by page, until that one (at most
 * {@value #MAX_PAGES} pages a poll, so a job with a huge history or a server that never ends a listing costs a
 * bounded number of calls). At most {@value #SHOWN} are printed a poll, the newest, with one line counting the
 * others. Each event line ends with the event's id, so that the build log itself records what was printed.
 */
@Restricted(NoExternalUse.class)
public final class EventFeed {

    /** Events printed per poll at most; more get one summary line. */
    public static final int SHOWN = 20;

    private static final int PAGE_SIZE = FineTuningClient.MAX_PAGE_SIZE;

    private static final int MAX_PAGES = 5;

    private EventFeed() {}

    /**
     * The new events of one poll.
     *
     * @param shown the events to print, oldest first
     * @param notShown how many new events are not printed (older than those shown)
     * @param atLeast whether {@code notShown} is a lower bound (the reading stopped before the last event seen)
     * @param newestId the id to remember as the last event seen ({@code lastSeen} when nothing is new)
     */
    public record NewEvents(
            @NonNull List<FineTuningEvent> shown,
            int notShown,
            boolean atLeast,
            @CheckForNull String newestId) {

        public NewEvents {
            shown = List.copyOf(shown);
        }
    }

    /**
     * The events after {@code lastSeenId} ({@code null}: every event is new), read with {@code client}.
     *
     * @throws io.jenkins.plugins.finetune.client.FineTuningException when Azure refuses or does not answer
     */
    @NonNull
    public static NewEvents since(
            @NonNull FineTuningClient client, @NonNull String jobId, @CheckForNull String lastSeenId) {
        return since(client, jobId, lastSeenId, null, MAX_PAGES, SHOWN);
    }

    /**
     * The events after whichever of {@code lastSeenId} and {@code alsoSeenId} is newer (the listing meets it first:
     * after a crash the saved id and the one the build log shows may differ, and either may be missing), reading at
     * most {@code maxPages} pages and showing at most {@code showAtMost}.
     */
    @NonNull
    public static NewEvents since(
            @NonNull FineTuningClient client,
            @NonNull String jobId,
            @CheckForNull String lastSeenId,
            @CheckForNull String alsoSeenId,
            int maxPages,
            int showAtMost) {
        List<FineTuningEvent> newestFirst = new ArrayList<>();
        boolean reachedLastSeen = false;
        boolean complete = false;
        String reached = null;
        String after = null;
        for (int page = 0; page < maxPages && !reachedLastSeen && !complete; page++) {
            Page<FineTuningEvent> events = client.listEvents(jobId, after, PAGE_SIZE);
            for (FineTuningEvent event : events.data()) {
                String id = event.id();
                if (id != null && (id.equals(lastSeenId) || id.equals(alsoSeenId))) {
                    reachedLastSeen = true;
                    reached = id;
                    break;
                }
                newestFirst.add(event);
            }
            after = events.data().isEmpty()
                    ? null
                    : events.data().get(events.data().size() - 1).id();
            // A page without a usable cursor ends the reading: a broken or hostile server's id is never sent back.
            complete = !events.hasMore() || after == null || JobIds.problemWithEventId(after) != null;
        }
        String newestId = reached != null ? reached : lastSeenId != null ? lastSeenId : alsoSeenId;
        for (FineTuningEvent event : newestFirst) {
            if (event.id() != null && JobIds.problemWithEventId(event.id()) == null) {
                newestId = event.id();
                break;
            }
        }
        int shownCount = Math.min(showAtMost, newestFirst.size());
        List<FineTuningEvent> shown = new ArrayList<>(newestFirst.subList(0, shownCount));
        Collections.reverse(shown);
        boolean atLeast = !reachedLastSeen && !complete;
        return new NewEvents(shown, newestFirst.size() - shownCount, atLeast, newestId);
    }

    /** The build log's lines for {@code events}: a count of those not shown first, then one line per event. */
    @NonNull
    public static List<String> lines(@NonNull String jobId, @NonNull NewEvents events) {
        List<String> lines = new ArrayList<>();
        if (events.notShown() > 0) {
            String count = events.atLeast()
                    ? Messages.EventFeed_MoreThanNotShown(events.notShown())
                    : events.notShown() == 1
                            ? Messages.EventFeed_OneNotShown()
                            : Messages.EventFeed_NotShown(events.notShown());
            lines.add("[" + jobId + "] … " + count);
        }
        for (FineTuningEvent event : events.shown()) {
            lines.add(line(jobId, event));
        }
        return lines;
    }

    /**
     * {@code [ftjob-abc] 2025-06-01T10:00:00Z info: Step 120/1000: training loss=0.91 · ftevent-123} (sanitized when
     * printed). The event's id ends the line, after {@value #MARK} ({@code -} when Azure sent no usable id), always:
     * Azure's text sits between the job id and that mark, so the mark read back from the end of a line is ours
     * ({@link PrintedEvents} finds the last event printed in the build log by it).
     */
    @NonNull
    static String line(@NonNull String jobId, @NonNull FineTuningEvent event) {
        Instant at = event.createdAt();
        String level = event.level();
        String id = event.id();
        return "[" + jobId + "] " + (at == null ? "" : at + " ") + (level == null ? "" : level + ": ")
                + (event.message() == null ? "" : event.message())
                + MARK + (id == null || JobIds.problemWithEventId(id) != null ? NO_ID : id);
    }

    /** What separates an event line's text from its id. */
    static final String MARK = " · ";

    /** The id part of the line of an event without a usable id. */
    static final String NO_ID = "-";
}
