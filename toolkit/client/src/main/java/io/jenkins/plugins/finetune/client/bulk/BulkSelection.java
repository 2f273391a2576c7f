package io.jenkins.plugins.finetune.client.bulk;

import io.jenkins.plugins.finetune.client.FineTuningException;
import java.util.List;

/**
 * The jobs a {@link BulkRequest} selects, in the order found, as {@link BulkOperation#select} lists them in full.
 *
 * @param jobs the selected jobs
 * @param listed how many jobs the listing read (0 for explicit ids)
 * @param listingFailure why the listing stopped early, or {@code null}; the jobs selected before it are kept
 */
public record BulkSelection(List<SelectedJob> jobs, int listed, FineTuningException listingFailure) {

    public BulkSelection {
        jobs = List.copyOf(jobs);
    }
}
