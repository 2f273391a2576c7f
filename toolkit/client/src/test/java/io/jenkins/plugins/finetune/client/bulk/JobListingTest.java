package io.jenkins.plugins.finetune.client.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.ApiKeyCredential;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JobListingTest {

    private FineTuningEmulator emulator;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder().apiKey("k").build().start();
        for (int i = 0; i < 30; i++) {
            emulator.seedJob(JobSeed.withStatus(i % 2 == 0 ? "running" : "succeeded")
                    .suffix("s" + i)
                    .metadata("team", i % 3 == 0 ? "a" : "b"));
        }
        client = FineTuningClient.builder()
                .endpoint(emulator.baseUrl())
                .credential(new ApiKeyCredential("k"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void filtersByStatusAndMetadataAcrossPagesUpToTheLimit() {
        List<FineTuningJob> jobs = JobListing.select(
                client,
                JobSelector.builder()
                        .statuses(List.of("running"))
                        .metadata(Map.of("team", "a"))
                        .build(),
                100);
        // running: even i; team a: i % 3 == 0 → i in {0, 6, 12, 18, 24}
        assertThat(jobs).hasSize(5).allSatisfy(job -> {
            assertThat(job.status().isRunning()).isTrue();
            assertThat(job.metadata()).containsEntry("team", "a");
        });
        assertThat(JobListing.select(client, JobSelector.builder().build(), 7)).hasSize(7);
    }

    @Test
    void explicitIdsAreReadOneByOne() {
        String id = emulator.jobIds().get(3);
        assertThat(JobListing.select(
                        client, JobSelector.builder().jobIds(List.of(id)).build(), 10))
                .extracting(FineTuningJob::id)
                .containsExactly(id);
    }

    @Test
    void limitIsValidated() {
        assertThatThrownBy(() -> JobListing.select(client, JobSelector.builder().build(), 0))
                .hasMessageStartingWith("limit:");
    }
}
