package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation's success answer and the error answers, validated against the official OpenAPI document
 * ({@link Api} validates each answer; these tests make sure each operation and error kind is visited).
 */
class SchemaConformanceTest {
    private final ManualClock clock = new ManualClock();
    private FineTuningEmulator emu;
    private Api api;

    @BeforeEach
    void start() {
        emu = FineTuningEmulator.builder()
                .apiKey("k")
                .clock(clock)
                .validatingFilesDelay(Duration.ofSeconds(5))
                .queuedDelay(Duration.ofSeconds(5))
                .pauseDelay(Duration.ofSeconds(2))
                .resumeDelay(Duration.ofSeconds(2))
                .trainingDuration(Duration.ofMinutes(10))
                .build()
                .start();
        api = new Api(emu, "k");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void theValidatorRejectsAJobThatBreaksTheSchema() {
        String id = emu.seedJob(JobSeed.running());
        ObjectNode job = (ObjectNode) api.get(Api.V1 + "/" + id).json();
        job.remove("training_file");
        job.put("seed", "not a number");

        assertThat(SpecValidator.validate("GET", Api.V1 + "/" + id, 200, "application/json", job.toString())
                        .getMessages())
                .isNotEmpty();
    }

    @Test
    void theOnlyChangeToTheSpecIsTheWiderStatusEnum() {
        assertThat(SpecValidator.rawSpec()).doesNotContain("\"paused\"");
        assertThat(SpecValidator.validate(
                                "GET", Api.V1 + "/x", 200, "application/json", "{\"status\":\"no-such-status\"}")
                        .getMessages())
                .isNotEmpty();
    }

    @Test
    void pauseAnswersConformInEveryOutcome() {
        String id = emu.seedJob(JobSeed.running().suffix("nightly").metadata("team", "ml"));
        assertThat(api.post(Api.V1 + "/" + id + "/pause?api-version=v1").status())
                .isEqualTo(200); // pausing
        assertThat(api.post(Api.V1 + "/" + id + "/pause").status()).isEqualTo(400); // wrong state
        clock.advance(Duration.ofSeconds(2));
        assertThat(api.get(Api.V1 + "/" + id).jobStatus()).isEqualTo("paused");
        assertThat(api.post(Api.V1 + "/nope/pause").status()).isEqualTo(404);
        assertThat(api.post(Api.V1 + "/" + id + "/pause?api-version=2024-10-21").status())
                .isEqualTo(400);
        assertThat(new Api(emu, "wrong").post(Api.V1 + "/" + id + "/pause").status())
                .isEqualTo(401);
        assertThat(api.get(Api.V1 + "/" + id + "/pause").status()).isEqualTo(405);
    }

    @Test
    void everyOperationConformsThroughAWholeLife() {
        String created = api.post(Api.V1, """
                {"model":"gpt-4o-mini","training_file":"file-abc","validation_file":"file-val","suffix":"s",
                 "seed":7,"metadata":{"k":"v"},"method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":2}}}}
                """).json().path("id").asText();
        api.get(Api.V1);
        clock.advance(Duration.ofSeconds(10));
        api.get(Api.V1 + "/" + created);
        api.post(Api.V1 + "/" + created + "/pause");
        clock.advance(Duration.ofSeconds(2));
        api.get(Api.V1 + "/" + created + "/checkpoints");
        api.post(Api.V1 + "/" + created + "/resume");
        api.get(Api.V1 + "/" + created + "?api-version=preview");
        clock.advance(Duration.ofMinutes(20));
        assertThat(api.get(Api.V1 + "/" + created).jobStatus()).isEqualTo("succeeded");
        api.get(Api.V1 + "/" + created + "/events?limit=3");
        api.post(Api.V1 + "/" + created + "/cancel"); // 400: already succeeded

        String other = emu.seedJob(JobSeed.withStatus("queued"));
        assertThat(api.post(Api.V1 + "/" + other + "/cancel").jobStatus()).isEqualTo("cancelled");
        emu.seedJob(JobSeed.withStatus("failed"));
        assertThat(api.get(Api.V1 + "?limit=100").json().path("data")).hasSize(3);
        assertThat(api.get(Api.V1 + "/" + other + "/checkpoints").json().path("data"))
                .isEmpty();
    }

    @Test
    void trainingAnswersConform() {
        String trained = emu.seedJob(
                JobSeed.running().validationFile("file-val").totalSteps(40).checkpointInterval(10));
        String failing =
                emu.seedJob(JobSeed.running().totalSteps(40).failAtStep(15).failureMessage("Out <of> memory"));
        String pausedMidway =
                emu.seedJob(JobSeed.running().validationFile("file-val").totalSteps(400));
        clock.advance(Duration.ofMinutes(2)); // 10 minutes of training for the 40 (and 400) steps
        api.post(Api.V1 + "/" + pausedMidway + "/pause");
        clock.advance(Duration.ofMinutes(10));

        assertThat(api.get(Api.V1 + "/" + trained + "/events?limit=100").json().path("data"))
                .anyMatch(event -> event.path("type").asText().equals("metrics"));
        assertThat(api.get(Api.V1 + "/" + trained + "/checkpoints?limit=100")
                        .json()
                        .path("data"))
                .hasSize(4);
        assertThat(api.get(Api.V1 + "/" + pausedMidway + "/checkpoints").json().path("data"))
                .isNotEmpty();
        assertThat(api.get(Api.V1 + "/" + failing).jobStatus()).isEqualTo("failed");
        api.get(Api.V1 + "/" + failing + "/events");
        api.get(Api.V1 + "/" + trained + "?api-version=preview");
        assertThat(api.get(Api.V1 + "?limit=100").json().path("data")).hasSize(3);
    }

    @Test
    void badRequestsConform() {
        assertThat(api.post(Api.V1, "{\"model\":\"gpt-4o-mini\"}").status()).isEqualTo(400);
        assertThat(api.post(Api.V1, "not json").status()).isEqualTo(400);
        assertThat(api.get(Api.V1 + "?limit=0").status()).isEqualTo(400);
        assertThat(api.get(Api.V1 + "?after=ftjob-unknown").status()).isEqualTo(400);
        assertThat(api.get("/openai/v1/fine_tuning/nothing").status()).isEqualTo(404);
        assertThat(api.get(Api.DATED + "/x").status()).isEqualTo(400); // dated route without api-version
    }
}
