package io.jenkins.plugins.finetune.client.bulk;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * A job a bulk change selected: its id and the status it was listed with. Small and serializable, so that a
 * front end can keep the whole selection of a long bulk change where a restart finds it.
 *
 * @param jobId the job
 * @param status the status the listing showed, or {@code null} when the job was named by id
 */
public record SelectedJob(String jobId, String status) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public SelectedJob {
        Objects.requireNonNull(jobId, "jobId");
    }
}
