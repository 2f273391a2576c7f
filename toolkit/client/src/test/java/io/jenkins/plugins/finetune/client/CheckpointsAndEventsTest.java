package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checkpoints and followed events against the emulator, whose jobs train on a manual clock. */
@Timeout(30)
class CheckpointsAndEventsTest {

    private final ManualClock clock = new ManualClock();
    private FineTuningEmulator emulator;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        emulator = FineTuningEmulator.builder()
                .apiKey(TestClients.API_KEY)
                .clock(clock)
                .stepDuration(Duration.ofSeconds(1))
                .pauseDelay(Duration.ZERO)
                .build()
                .start();
        client = TestClients.builder(emulator.baseUrl())
                .failOnIncompleteListing(true)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void listsEveryCheckpointWithItsMetricsNewestFirst() {
        String id = emulator.seedJob(
                JobSeed.running().validationFile("file-val").totalSteps(100).checkpointInterval(10));
        clock.advance(Duration.ofSeconds(100));

        List<FineTuningCheckpoint> checkpoints = client.listAllCheckpoints(id);

        assertThat(checkpoints)
                .extracting(FineTuningCheckpoint::stepNumber)
                .containsExactly(100L, 90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L, 10L);
        FineTuningCheckpoint last = checkpoints.get(0);
        assertThat(last.id()).startsWith("ftckpt-");
        assertThat(last.fineTuningJobId()).isEqualTo(id);
        assertThat(last.fineTunedModelCheckpoint()).endsWith(":ckpt-step-100");
        assertThat(last.createdAt()).isEqualTo(clock.instant());
        assertThat(last.metrics())
                .containsOnlyKeys(
                        "step",
                        "train_loss",
                        "train_mean_token_accuracy",
                        "valid_loss",
                        "valid_mean_token_accuracy",
                        "full_valid_loss",
                        "full_valid_mean_token_accuracy")
                .containsEntry("step", 100.0);
        assertThat(last.metric("full_valid_loss")).isLessThan(checkpoints.get(9).metric("full_valid_loss"));
        Map<String, Object> map = last.toMap();
        assertThat(map)
                .containsEntry("object", "fine_tuning.job.checkpoint")
                .containsEntry("step_number", 100)
                .containsKey("metrics");
        assertThat(map.get("metrics"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("train_loss");
        assertThat(FineTuningCheckpoint.fromJson(last.toJson())).isEqualTo(last);
    }

    @Test
    void pagesByTheLastIdAndStopsAtTheCap() {
        String id = emulator.seedJob(JobSeed.running().totalSteps(100).checkpointInterval(10));
        clock.advance(Duration.ofSeconds(100));

        Page<FineTuningCheckpoint> first = client.listCheckpoints(id, null, 4);
        assertThat(first.data()).extracting(FineTuningCheckpoint::stepNumber).containsExactly(100L, 90L, 80L, 70L);
        assertThat(first.hasMore()).isTrue();
        Page<FineTuningCheckpoint> second =
                client.listCheckpoints(id, first.data().get(3).id(), 100);
        assertThat(second.data())
                .extracting(FineTuningCheckpoint::stepNumber)
                .containsExactly(60L, 50L, 40L, 30L, 20L, 10L);
        assertThat(second.hasMore()).isFalse();

        assertThat(client.listAllCheckpoints(id, 10)).hasSize(10);
        assertThatThrownBy(() -> client.listAllCheckpoints(id, 9))
                .isInstanceOf(FineTuningIncompleteListingException.class)
                .hasMessage("Could not list all checkpoints of fine-tuning job '" + id + "': Azure still said more"
                        + " follow after 9, the most one listing takes, so it stopped there.");
        assertThat(client.listAllCheckpoints(emulator.seedJob(JobSeed.running())))
                .isEmpty();
    }

    @Test
    void followingEventsGivesEachNewEventOnceInOrder() {
        String id = emulator.seedJob(
                JobSeed.running().totalSteps(100).eventInterval(5).checkpointInterval(25));
        List<FineTuningEvent> followed = new ArrayList<>();

        NewEvents events = client.eventsSince(id, null, 1000);
        followed.addAll(events.events());
        assertThat(events.events())
                .extracting(FineTuningEvent::message)
                .containsExactly("Job seeded by the emulator with status 'running'.");
        String cursor = events.lastEventId();
        for (int second = 0; second < 120; second += 7) {
            clock.advance(Duration.ofSeconds(7));
            events = client.eventsSince(id, cursor, 1000);
            assertThat(events.olderOmitted()).isFalse();
            assertThat(events.lastSeenMissing()).isFalse();
            followed.addAll(events.events());
            cursor = events.lastEventId();
        }
        NewEvents nothingNew = client.eventsSince(id, cursor, 10);
        assertThat(nothingNew.events()).isEmpty();
        assertThat(nothingNew.lastEventId()).isEqualTo(cursor);

        List<FineTuningEvent> everyEventOldestFirst = new ArrayList<>();
        client.listEvents(id, null, 100).data().forEach(e -> everyEventOldestFirst.add(0, e));
        assertThat(followed).containsExactlyElementsOf(everyEventOldestFirst);
        assertThat(followed)
                .extracting(FineTuningEvent::message)
                .anyMatch(message -> message.startsWith("Step 5/100: training loss="))
                .contains("Checkpoint created at step 25.")
                .last()
                .isEqualTo("Fine-tuning job successfully completed.");
        assertThat(followed.stream().filter(e -> "metrics".equals(e.type())).count())
                .isEqualTo(20);
    }

    @Test
    void aBoundedCallKeepsTheNewestEventsAndSaysOlderOnesWereLeftOut() {
        String id = emulator.seedJob(
                JobSeed.running().totalSteps(100).eventInterval(1).checkpointInterval(100));
        String cursor = client.eventsSince(id, null, 10).lastEventId();
        clock.advance(Duration.ofSeconds(30));

        NewEvents events = client.eventsSince(id, cursor, 5);

        assertThat(events.olderOmitted()).isTrue();
        assertThat(events.lastSeenMissing()).isFalse();
        assertThat(events.events())
                .extracting(FineTuningEvent::message)
                .allMatch(message -> message.startsWith("Step 2") || message.startsWith("Step 30/"));
        assertThat(events.events().get(4).message()).startsWith("Step 30/100");
        assertThat(events.events().get(0).message()).startsWith("Step 26/100");
        assertThat(events.lastEventId()).isEqualTo(events.events().get(4).id());
    }

    @Test
    void anEventIdTheJobDoesNotHaveIsSaid() {
        String id = emulator.seedJob(JobSeed.running());
        NewEvents events = client.eventsSince(id, "ftevent-000000000000000000000000", 50);
        assertThat(events.lastSeenMissing()).isTrue();
        assertThat(events.events()).hasSize(1);
    }

    @Test
    void argumentsAreCheckedBeforeAnyRequestNamingTheField() {
        int before = emulator.requestCount();
        assertThatThrownBy(() -> client.eventsSince("ftjob-x", "bad/../id", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("after: 'bad/../id' is not a fine-tuning event id");
        assertThatThrownBy(() -> client.eventsSince("ftjob-x", null, 0))
                .hasMessage("maxEvents: must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> client.listCheckpoints("ftjob-x", "ftckpt-\n1", null))
                .hasMessageStartingWith("after: 'ftckpt-\\u000a1' is not a fine-tuning checkpoint id");
        assertThatThrownBy(() -> client.listAllCheckpoints("ftjob-x", 0))
                .hasMessage("maxCheckpoints: must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> client.listAllCheckpoints("../x"))
                .hasMessageStartingWith("jobId: '../x' is not a fine-tuning job id");
        assertThat(emulator.requestCount()).isEqualTo(before);
        assertThatThrownBy(() -> client.listAllCheckpoints("ftjob-nosuchjob"))
                .isInstanceOf(FineTuningApiException.class)
                .hasMessageContaining("404");
    }
}
