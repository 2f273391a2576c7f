package io.jenkins.plugins.finetune.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing, api-version rules, pagination and the refusals, with their Azure error bodies. */
class RoutesAndErrorsTest {
    private FineTuningEmulator emu;
    private Api api;

    @BeforeEach
    void start() {
        emu = FineTuningEmulator.builder().apiKey("k").build().start();
        api = new Api(emu, "k");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void baseUrlIsTheLoopbackEndpoint() {
        assertThat(emu.baseUrl()).isEqualTo("http://127.0.0.1:" + emu.port());
        assertThat(emu.port()).isPositive();
    }

    @Test
    void everyAnswerCarriesRequestIds() {
        Api.Answer ok = api.get(Api.V1);
        Api.Answer refused = api.get(Api.V1 + "/nope");

        for (Api.Answer answer : List.of(ok, refused)) {
            assertThat(answer.header("apim-request-id")).matches("[0-9a-f-]{36}");
            assertThat(answer.header("x-request-id")).isEqualTo(answer.header("apim-request-id"));
            assertThat(answer.contentType()).isEqualTo("application/json");
        }
    }

    @Test
    void pauseFromAWrongStateIsA400NamingTheStatus() {
        String id = emu.seedJob(JobSeed.withStatus("paused"));

        Api.Answer answer = api.post(Api.V1 + "/" + id + "/pause");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalidJobState");
        assertThat(error.path("message").asText())
                .isEqualTo("Job " + id + " cannot be paused because its status is 'paused'.");
        assertThat(error.path("type").asText()).isEqualTo("error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validating_files", "queued", "pausing", "resuming", "succeeded", "failed", "cancelled"})
    void onlyRunningJobsPause(String status) {
        String id = emu.seedJob(JobSeed.withStatus(status));

        assertThat(api.post(Api.V1 + "/" + id + "/pause")
                        .json()
                        .path("error")
                        .path("message")
                        .asText())
                .endsWith("because its status is '" + status + "'.");
        assertThat(emu.job(id).status()).isEqualTo(status);
    }

    @Test
    void resumeOnlyFromPausedAndCancelOnlyWhileLive() {
        String running = emu.seedJob(JobSeed.running());
        String succeeded = emu.seedJob(JobSeed.withStatus("succeeded"));

        assertThat(api.post(Api.V1 + "/" + running + "/resume")
                        .json()
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo("Job " + running + " cannot be resumed because its status is 'running'.");
        Api.Answer cancel = api.post(Api.V1 + "/" + succeeded + "/cancel");
        assertThat(cancel.status()).isEqualTo(400);
        assertThat(cancel.json().path("error").path("message").asText()).contains("'succeeded'");
    }

    @Test
    void unknownJobIs404OnEveryJobRoute() {
        for (String suffix : List.of("", "/pause", "/resume", "/cancel", "/events", "/checkpoints")) {
            String method =
                    suffix.equals("") || suffix.equals("/events") || suffix.equals("/checkpoints") ? "GET" : "POST";
            Api.Answer answer = method.equals("GET")
                    ? api.get(Api.V1 + "/ftjob-missing" + suffix)
                    : api.post(Api.V1 + "/ftjob-missing" + suffix);
            assertThat(answer.status()).as(suffix).isEqualTo(404);
            assertThat(answer.json().path("error").path("code").asText()).isEqualTo("notFound");
            assertThat(answer.json().path("error").path("message").asText()).contains("ftjob-missing");
        }
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        assertThat(api.get("/openai/v1/fine_tuning/jobs/x/y/z").status()).isEqualTo(404);
        assertThat(api.get("/openai/v1/models").status()).isEqualTo(404);
        assertThat(api.get("/").status()).isEqualTo(404);
        assertThat(api.get(Api.V1 + "/x/unpause")
                        .json()
                        .path("error")
                        .path("code")
                        .asText())
                .isEqualTo("404");
        assertThat(api.post(Api.V1 + "/x/events").status()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?api-version=v1", "?api-version=preview"})
    void v1RoutesAcceptNoneV1OrPreview(String query) {
        assertThat(api.get(Api.V1 + query).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?api-version=2025-04-01-preview", "?api-version=V1", "?api-version="})
    void v1RoutesRefuseOtherVersions(String query) {
        Api.Answer answer = api.get(Api.V1 + query);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("param").asText()).isEqualTo("api-version");
    }

    @Test
    void datedRoutesNeedADatedVersionAndUseTheirOwnFieldNames() {
        String id = emu.seedJob(JobSeed.running().suffix("old"));

        assertThat(api.post(Api.DATED + "/" + id + "/pause").status()).isEqualTo(400);
        assertThat(api.post(Api.DATED + "/" + id + "/pause?api-version=v1").status())
                .isEqualTo(400);
        JsonNode job = api.post(Api.DATED + "/" + id + "/pause?api-version=2025-04-01-preview")
                .json();
        assertThat(job.path("status").asText()).isEqualTo("pausing");
        assertThat(job.path("suffix").asText()).isEqualTo("old");
        assertThat(job.path("organisation_id").asText()).isEqualTo("org-emulator");
        assertThat(job.has("user_provided_suffix")).isFalse();
        assertThat(api.get(Api.DATED + "?api-version=2024-10-21").json().path("data"))
                .hasSize(1);
    }

    @Test
    void jobsArePagedNewestFirstWithAfterAndLimit() {
        List<String> oldestFirst = emu.seedRunningJobs(25);
        List<String> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);

        JsonNode first = api.get(Api.V1).json();
        assertThat(first.path("object").asText()).isEqualTo("list");
        assertThat(first.path("data")).hasSize(20);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(first.path("data").get(0).path("id").asText()).isEqualTo(newestFirst.get(0));

        String last = first.path("data").get(19).path("id").asText();
        JsonNode second = api.get(Api.V1 + "?after=" + last + "&limit=20").json();
        assertThat(second.path("data")).hasSize(5);
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(second.path("data").get(4).path("id").asText()).isEqualTo(oldestFirst.get(0));

        assertThat(api.get(Api.V1 + "?limit=100").json().path("data")).hasSize(25);
        assertThat(api.get(Api.V1 + "?limit=5").json().path("has_more").asBoolean())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5"})
    void limitOutsideOneToHundredIsRefused(String limit) {
        Api.Answer answer = api.get(Api.V1 + "?limit=" + limit);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("param").asText()).isEqualTo("limit");
    }

    @Test
    void eventsArePagedToo() {
        try (FineTuningEmulator instant = FineTuningEmulator.builder()
                .apiKey("k")
                .pauseDelay(Duration.ZERO)
                .resumeDelay(Duration.ZERO)
                .build()
                .start()) {
            Api instantApi = new Api(instant, "k");
            String id = instant.seedJob(JobSeed.running());
            instantApi.post(Api.V1 + "/" + id + "/pause");
            instantApi.post(Api.V1 + "/" + id + "/resume"); // events: seeded, pausing, paused, resuming, running

            JsonNode page =
                    instantApi.get(Api.V1 + "/" + id + "/events?limit=2").json();
            assertThat(page.path("data")).hasSize(2);
            assertThat(page.path("has_more").asBoolean()).isTrue();
            String after = page.path("data").get(1).path("id").asText();
            JsonNode rest = instantApi
                    .get(Api.V1 + "/" + id + "/events?after=" + after + "&limit=10")
                    .json();
            assertThat(rest.path("data")).hasSize(3);
            assertThat(rest.path("has_more").asBoolean()).isFalse();
        }
    }

    @Test
    void createRefusesAnIncompleteBody() {
        Api.Answer noFile = api.post(Api.V1, "{\"model\":\"gpt-4o-mini\"}");
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().path("error").path("param").asText()).isEqualTo("training_file");
        assertThat(api.post(Api.V1, "[]").status()).isEqualTo(400);
        assertThat(api.post(Api.V1, "{\"model\":\"m\",\"training_file\":\"f\",\"suffix\":\"\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.post(Api.V1, "{\"model\":\"m\",\"training_file\":\"f\",\"metadata\":{\"a\":1}}")
                        .status())
                .isEqualTo(400);
        assertThat(api.post(Api.V1, "{\"model\":\"m\",\"training_file\":\"f\",\"method\":{\"type\":\"magic\"}}")
                        .status())
                .isEqualTo(400);
        assertThat(emu.jobIds()).isEmpty();
    }

    @Test
    void createKeepsMethodAndHyperparameters() {
        JsonNode job = api.post(Api.V1, """
                {"model":"gpt-4.1-mini","training_file":"file-t",
                 "method":{"type":"dpo","dpo":{"hyperparameters":{"beta":0.1,"n_epochs":3}}}}
                """).json();

        assertThat(job.path("method").path("type").asText()).isEqualTo("dpo");
        assertThat(job.path("hyperparameters").path("n_epochs").asInt()).isEqualTo(3);
        assertThat(job.path("validation_file").isNull()).isTrue();
        assertThat(job.path("metadata").isNull()).isTrue();
    }
}
