package io.jenkins.plugins.finetune.client.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A refused change costs one POST and one GET: the job read to explain the refusal is reused. */
@Timeout(20)
class RefusedChangeRequestCountTest {

    @Test
    void alreadyPausedJobIsReadOnce() {
        try (FineTuningEmulator emulator =
                        FineTuningEmulator.builder().apiKey("k").build().start();
                FineTuningClient client = FineTuningClient.builder()
                        .endpoint(emulator.baseUrl())
                        .credential(new ApiKeyCredential("k"))
                        .build()) {
            String id = emulator.seedJob(JobSeed.withStatus("paused"));
            emulator.clearRequests();

            JobChangeResult result = JobChangeOperation.run(
                    client,
                    JobChangeRequest.builder(JobChange.PAUSE, id)
                            .failIfNotEligible(false)
                            .build(),
                    line -> {});

            assertThat(result.outcome()).isEqualTo(JobChangeOutcome.ALREADY_DONE);
            assertThat(result.job().status().isPaused()).isTrue();
            assertThat(emulator.requests()).extracting(RecordedRequest::method).containsExactly("POST", "GET");
        }
    }
}
