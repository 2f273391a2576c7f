package io.jenkins.plugins.finetune.client.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.FineTuningJob;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FINE_TUNE_* variables carry Azure's text, which is untrusted: printable on one console line. */
class JobEnvironmentTest {

    @Test
    void valuesAreSanitizedForTheConsole() {
        FineTuningJob job = FineTuningJob.fromJson("{\"id\":\"ftjob-1\",\"status\":\"running\","
                + "\"model\":\"gpt-4o\\u001b[2J\\u001b]0;owned\\u0007\","
                + "\"fine_tuned_model\":\"ft:gpt-4o\\nFinished: SUCCESS\\u202e\"}");

        Map<String, String> env = JobEnvironment.of(job);

        assertThat(env)
                .containsEntry(JobEnvironment.JOB_ID, "ftjob-1")
                .containsEntry(JobEnvironment.STATUS, "running")
                .containsEntry(JobEnvironment.MODEL, "gpt-4o")
                .containsEntry(JobEnvironment.FINE_TUNED_MODEL, "ft:gpt-4o\\u000aFinished: SUCCESS\\u202e");
    }

    @Test
    void missingValuesAreEmpty() {
        assertThat(JobEnvironment.of(FineTuningJob.fromJson("{\"id\":\"ftjob-2\"}")))
                .containsEntry(JobEnvironment.STATUS, "")
                .containsEntry(JobEnvironment.MODEL, "")
                .containsEntry(JobEnvironment.FINE_TUNED_MODEL, "");
    }
}
