package io.jenkins.plugins.finetune.waiting;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
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
 * others.
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
        List<FineTuningEvent> newestFirst = new ArrayList<>();
        boolean reachedLastSeen = false;
        boolean complete = false;
        String after = null;
        for (int page = 0; page < MAX_PAGES && !reachedLastSeen && !complete; page++) {
            Page<FineTuningEvent> events = client.listEvents(jobId, after, PAGE_SIZE);
            for (FineTuningEvent event : events.data()) {
                if (lastSeenId != null && lastSeenId.equals(event.id())) {
                    reachedLastSeen = true;
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
        String newestId = lastSeenId;
        for (FineTuningEvent event : newestFirst) {
            if (event.id() != null && JobIds.problemWithEventId(event.id()) == null) {
                newestId = event.id();
                break;
            }
        }
        int shownCount = Math.min(SHOWN, newestFirst.size());
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
            lines.add("[" + jobId + "] … " + (events.atLeast() ? "more than " : "") + events.notShown()
                    + " earlier event" + (events.notShown() == 1 && !events.atLeast() ? "" : "s") + " not shown");
        }
        for (FineTuningEvent event : events.shown()) {
            lines.add(line(jobId, event));
        }
        return lines;
    }

    /** {@code [ftjob-abc] 2025-06-01T10:00:00Z info: Step 120/1000: training loss=0.91} (sanitized when printed). */
    @NonNull
    static String line(@NonNull String jobId, @NonNull FineTuningEvent event) {
        Instant at = event.createdAt();
        String level = event.level();
        return "[" + jobId + "] " + (at == null ? "" : at + " ") + (level == null ? "" : level + ": ")
                + (event.message() == null ? "" : event.message());
    }
}
