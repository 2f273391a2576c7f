package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checkpoint and event listings from a server that lies: endless pages, repeats, broken bodies, control codes. */
@Timeout(20)
class HostileListingsTest {

    private static final String JOB = "ftjob-hostile";

    private ScriptedServer server;
    private FineTuningClient lenient;
    private FineTuningClient strict;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        lenient = TestClients.client(server.baseUrl());
        strict = TestClients.builder(server.baseUrl())
                .failOnIncompleteListing(true)
                .build();
    }

    @AfterEach
    void stop() {
        lenient.close();
        strict.close();
        server.close();
    }

    static String checkpoint(String id, int step, String extra) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job.checkpoint\",\"created_at\":1717200000,"
                + "\"fine_tuned_model_checkpoint\":\"gpt-4o-mini.ft-x:ckpt-step-" + step + "\",\"step_number\":" + step
                + ",\"metrics\":{\"step\":" + step + ",\"train_loss\":0.5,\"valid_loss\":\"NaN\"},"
                + "\"fine_tuning_job_id\":\"" + JOB + "\"" + extra + "}";
    }

    static String event(String id, String message) {
        return "{\"id\":\"" + id + "\",\"object\":\"fine_tuning.job.event\",\"created_at\":1717200000,"
                + "\"level\":\"info\",\"message\":\"" + message + "\",\"type\":\"message\"}";
    }

    static String list(boolean hasMore, String... items) {
        return "{\"object\":\"list\",\"data\":[" + String.join(",", items) + "],\"has_more\":" + hasMore + "}";
    }

    /** Pages of fresh items for ever, each saying more follow. */
    private static Step endless(boolean checkpoints) {
        AtomicInteger next = new AtomicInteger();
        return Step.custom((request, socket, out, s) -> {
            String[] items = new String[10];
            for (int i = 0; i < items.length; i++) {
                int n = next.incrementAndGet();
                items[i] = checkpoints ? checkpoint("ftckpt-" + n, n, "") : event("ftevent-" + n, "Step " + n);
            }
            return Step.json(200, list(true, items)).handle(request, socket, out, s);
        });
    }

    @Test
    void followsHasMoreWithTheLastIdAndKeepsUnknownFields() {
        server.enqueue(
                Step.json(200, list(true, checkpoint("ftckpt-3", 300, ",\"region\":\"swedencentral\""))),
                Step.json(200, list(false, checkpoint("ftckpt-2", 200, ""), checkpoint("ftckpt-1", 100, ""))));

        var checkpoints = lenient.listAllCheckpoints(JOB, 3);

        assertThat(checkpoints)
                .extracting(FineTuningCheckpoint::id)
                .containsExactly("ftckpt-3", "ftckpt-2", "ftckpt-1");
        assertThat(server.requests())
                .extracting(ScriptedServer.Request::pathAndQuery)
                .containsExactly(
                        "/openai/v1/fine_tuning/jobs/ftjob-hostile/checkpoints?api-version=v1&limit=3",
                        "/openai/v1/fine_tuning/jobs/ftjob-hostile/checkpoints?api-version=v1&after=ftckpt-3&limit=3");
        assertThat(checkpoints.get(0).toMap()).containsEntry("region", "swedencentral");
        assertThat(checkpoints.get(0).field("region")).isEqualTo("swedencentral");
        // a metric that is not a number is not a metric; the map keeps it as sent
        assertThat(checkpoints.get(0).metrics()).containsOnlyKeys("step", "train_loss");
        assertThat(checkpoints.get(0).toJson()).contains("\"valid_loss\":\"NaN\"");
    }

    @Test
    void anEndlessCheckpointListingStopsAtTheCap() {
        server.otherwise(endless(true));

        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB, 35))
                .isInstanceOf(FineTuningIncompleteListingException.class)
                .hasMessageContaining("after 35, the most one listing takes");
        assertThat(server.requestCount()).isEqualTo(4); // pages of 10 (the server's), asked as 35
    }

    @Test
    void aRepeatedCursorEndsTheListingOrFailsAStrictClient() {
        server.otherwise(Step.json(200, list(true, checkpoint("ftckpt-same", 1, ""))));
        assertThat(lenient.listAllCheckpoints(JOB)).hasSize(2);

        assertThatThrownBy(() -> strict.listAllCheckpoints(JOB))
                .isInstanceOf(FineTuningIncompleteListingException.class)
                .hasMessageContaining("cursor seen before ('ftckpt-same')");
    }

    @Test
    void malformedBodiesAreClearErrorsNotCrashes() {
        server.enqueue(
                Step.json(200, "not json at all"),
                Step.json(200, "{\"object\":\"list\",\"data\":{},\"has_more\":false}"),
                Step.json(200, "{\"object\":\"list\",\"data\":[42],\"has_more\":false}"),
                Step.json(200, list(false, "{\"object\":\"fine_tuning.job.checkpoint\"}")),
                Step.json(200, list(false, checkpoint("ftckpt-\\u001b[31mred", 1, ""))));

        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB))
                .isInstanceOf(FineTuningApiException.class)
                .hasMessageContaining("is not a list object with a data array");
        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB))
                .hasMessageContaining("is not a list object with a data array");
        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB)).hasMessageContaining("is not a list of JSON objects");
        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB))
                .hasMessageContaining("is not a list of checkpoints whose ids are letters, digits");
        assertThatThrownBy(() -> lenient.listAllCheckpoints(JOB))
                .isInstanceOf(FineTuningApiException.class)
                .hasMessageContaining("whose ids are letters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void eventsOfAHostileServerAreBoundedAndPrintable() {
        server.otherwise(endless(false));

        NewEvents events = lenient.eventsSince(JOB, "ftevent-never-listed", 25);

        assertThat(events.events()).hasSize(25);
        assertThat(events.olderOmitted()).isTrue();
        assertThat(events.events().get(24).id()).isEqualTo("ftevent-1"); // the newest, last
        assertThat(events.lastEventId()).isEqualTo("ftevent-1");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void anEventListedTwiceIsReturnedOnce() {
        server.enqueue(
                Step.json(200, list(true, event("ftevent-4", "four"), event("ftevent-3", "three"))),
                Step.json(200, list(true, event("ftevent-3", "three"), event("ftevent-2", "two"))),
                Step.json(200, list(false, event("ftevent-1", "one"))));

        NewEvents events = lenient.eventsSince(JOB, "ftevent-1", 100);

        assertThat(events.events()).extracting(FineTuningEvent::message).containsExactly("two", "three", "four");
        assertThat(events.lastSeenMissing()).isFalse();
        assertThat(events.olderOmitted()).isFalse();
    }

    @Test
    void eventTextIsMadeSafeForAConsole() {
        String hostile = "Step 1\\u001b]0;owned\\u0007\\n[Pipeline] forged line\\u202e" + "x".repeat(3000);
        server.enqueue(Step.json(200, list(false, event("ftevent-1", hostile))));

        FineTuningEvent event = lenient.eventsSince(JOB, null, 10).events().get(0);
        String line = event.toConsoleLine();

        assertThat(event.message()).contains("\u001b", "\n"); // kept as sent in the data
        assertThat(line)
                .startsWith("2024-06-01T00:00:00Z info Step 1")
                .doesNotContain("\u001b", "\n", "\u0007", "\u202e")
                .contains("\\u000a[Pipeline] forged line\\u202e")
                .endsWith("… (3040 characters)");
        assertThat(event.message()).hasSize(3040);
    }

    @Test
    void aStrictClientSaysWhenAnEventListingGoesRoundInCircles() {
        server.otherwise(Step.json(200, list(true, event("ftevent-loop", "again"))));

        assertThatThrownBy(() -> strict.eventsSince(JOB, "ftevent-0", 50))
                .isInstanceOf(FineTuningIncompleteListingException.class)
                .hasMessageContaining("events of fine-tuning job 'ftjob-hostile'");
        NewEvents lenientView = lenient.eventsSince(JOB, "ftevent-0", 50);
        assertThat(lenientView.events()).extracting(FineTuningEvent::id).containsExactly("ftevent-loop");
        assertThat(lenientView.lastSeenMissing()).isTrue();
    }
}
