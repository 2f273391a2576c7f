package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import java.util.ArrayList;
import java.util.List;

/** Lists the jobs a selector picks (newest first), for the read-only list step and command. */
public final class JobListing {

    /** Largest number of jobs one call returns, so a pipeline never pulls a whole resource's history by accident. */
    public static final int MAX_LIMIT = 10_000;

    private JobListing() {}

    /**
     * @param selector criteria; an empty status set selects every status
     * @param limit    at most this many jobs (1..{@value #MAX_LIMIT})
     */
    public static List<FineTuningJob> select(FineTuningClient client, JobSelector selector, int limit) {
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
        for (FineTuningJob job : client.listAllJobs(Math.min(limit, FineTuningClient.MAX_PAGE_SIZE))) {
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
