package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.JobIds;
import java.util.ArrayList;
import java.util.List;

/** Lists the jobs a selector picks (newest first), for the read-only list step and command. */
public final class JobListing {

    /** Largest number of jobs one call returns, so a pipeline never pulls a whole resource's history by accident. */
    public static final int MAX_LIMIT = 10_000;

    /**
     * Most jobs one call lists, matching or not: a listing that answers {@code has_more: true} for ever, with jobs
     * that never match, ends here (as a bulk change's listing does at its default cap).
     */
    public static final int DEFAULT_MAX_LISTED = BulkRequest.DEFAULT_MAX_JOBS * BulkRequest.LISTED_PER_SELECTED;

    private JobListing() {}

    /** As {@link #select(FineTuningClient, JobSelector, int, int)}, listing at most {@link #DEFAULT_MAX_LISTED}. */
    public static List<FineTuningJob> select(FineTuningClient client, JobSelector selector, int limit) {
        return select(client, selector, limit, DEFAULT_MAX_LISTED);
    }

    /**
     * @param selector criteria; an empty status set selects every status
     * @param limit    at most this many jobs (1..{@value #MAX_LIMIT})
     * @param maxListed at most this many jobs listed, matching or not
     * @throws SelectionRefusedException past {@code maxListed}, for a listed id that is not a job id, or for a
     *     {@code suffixRegex} too slow on a suffix
     */
    public static List<FineTuningJob> select(FineTuningClient client, JobSelector selector, int limit, int maxListed) {
        if (maxListed < 1) {
            throw new IllegalArgumentException("maxListed: must be at least 1, got " + maxListed);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        List<FineTuningJob> out = new ArrayList<>();
        if (!selector.jobIds().isEmpty()) {
            for (String id : selector.jobIds()) {
                if (out.size() == limit) {
                    break;
                }
                out.add(client.get(id));
            }
            return out;
        }
        int listed = 0;
        for (FineTuningJob job : client.listAllJobs(Math.min(limit, FineTuningClient.MAX_PAGE_SIZE))) {
            String problem = JobIds.problemWithListedId(job.id());
            if (problem != null) {
                throw new SelectionRefusedException(
                        SelectionRefusedException.Reason.INVALID_LISTED_ID,
                        "the listing of fine-tuning jobs returned an id that is not a fine-tuning job id: " + problem);
            }
            if (++listed > maxListed) {
                throw new SelectionRefusedException(
                        SelectionRefusedException.Reason.TOO_MANY_LISTED,
                        "the listing went past " + maxListed + " jobs (" + out.size() + " of them matching) and Azure"
                                + " still said more follow, so it stopped there; narrow the selection");
            }
            boolean statusOk =
                    selector.statuses().isEmpty() || selector.statuses().contains(job.status());
            if (statusOk && selector.matchesAttributes(job)) {
                out.add(job);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }
}
