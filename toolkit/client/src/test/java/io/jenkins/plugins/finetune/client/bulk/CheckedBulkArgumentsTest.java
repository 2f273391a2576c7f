package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.JobStatus;
import io.jenkins.plugins.finetune.client.ops.JobChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The safety rules the Pipeline steps get by calling {@code toCheckedRequest(change, arguments, PIPELINE)},
 * in their spelling; {@code toRequest} keeps today's behaviour for callers that have not opted in.
 */
class CheckedBulkArgumentsTest {

    private static BulkRequest checked(JobChange change, Map<String, Object> arguments) {
        return BulkArguments.toCheckedRequest(change, arguments, BulkArguments.PIPELINE);
    }

    @Test
    void noSelectorNeedsAllTrueInPipelineWords() {
        assertThatThrownBy(() -> checked(JobChange.PAUSE, Map.of("dryRun", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no jobs were selected, so this would pause every running job of the resource;"
                        + " select jobs with status, suffix, suffixRegex, model, metadata or jobIds, or pass"
                        + " all: true if every one is meant");
        assertThatThrownBy(() -> checked(JobChange.RESUME, Map.of("status", List.of(), "metadata", Map.of())))
                .hasMessageContaining("would resume every paused job");

        BulkRequest all = checked(JobChange.PAUSE, Map.of("all", true));
        assertThat(all.selector().statuses()).isEmpty();
        assertThat(all.selector().jobIds()).isEmpty();
    }

    @Test
    void allWithASelectorIsRefused() {
        assertThatThrownBy(() -> checked(JobChange.PAUSE, Map.of("all", "true", "jobIds", "ftjob-1")))
                .hasMessageStartingWith("all: cannot be combined with a selector");
    }

    @Test
    void anUnknownStatusIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> checked(JobChange.PAUSE, Map.of("status", "running, runing")))
                .hasMessage("status: 'runing' is not a fine-tuning job status; use validating_files, queued, running,"
                        + " pausing, paused, resuming, succeeded, failed, cancelled (for a status Azure added later,"
                        + " also pass allowUnknownStatus: true)");

        Map<String, Object> allowed = new HashMap<>(Map.of("status", "finalizing", "allowUnknownStatus", true));
        assertThat(checked(JobChange.PAUSE, allowed).selector().statuses()).containsExactly(JobStatus.of("finalizing"));
    }

    @Test
    void theUncheckedTranslationBehavesAsBefore() {
        assertThat(BulkArguments.toRequest(JobChange.PAUSE, Map.of()).selector().statuses())
                .isEmpty();
        assertThat(BulkArguments.toRequest(JobChange.PAUSE, Map.of("status", "runing"))
                        .selector()
                        .statuses())
                .containsExactly(JobStatus.of("runing"));
    }

    @Test
    void theNewArgumentsAreKnownNames() {
        assertThat(BulkArguments.NAMES).contains("all", "allowUnknownStatus");
    }
}
