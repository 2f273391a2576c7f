package io.jenkins.plugins.finetune.client;

import java.util.List;

/**
 * The events of a job newer than the last one seen, as {@link FineTuningClient#eventsSince} found them.
 *
 * @param events          the new events, oldest first, each once
 * @param lastEventId     the cursor for the next call: the newest event's id, or the one given when nothing is new
 * @param olderOmitted    more new events existed than the call's bound: the oldest of them are not in
 *     {@code events} (how many is unknown without reading them all)
 * @param lastSeenMissing the event id given is not in the job's list (Azure no longer lists it, or it never was
 *     this job's): {@code events} is everything listed, some of which may have been seen before
 */
public record NewEvents(
        List<FineTuningEvent> events, String lastEventId, boolean olderOmitted, boolean lastSeenMissing) {

    public NewEvents {
        events = List.copyOf(events);
    }
}
