package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job model is lossless: unknown statuses and fields survive; toMap() is a Pipeline-safe plain map. */
@Timeout(10)
class JobModelTest {

    private static final String FUTURE_JOB =
            "{\"id\":\"ftjob-future\",\"object\":\"fine_tuning.job\",\"status\":\"some_new_state\","
                    + "\"created_at\":1717200000,\"finished_at\":null,\"model\":\"gpt-4o-mini\",\"fine_tuned_model\":null,"
                    + "\"brand_new_field\":{\"nested\":[1,2.5,\"three\",null,true,{\"deep\":{\"deeper\":[]}}],\"empty\":{}},"
                    + "\"error\":{\"code\":\"E1\",\"message\":\"Training data invalid\",\"param\":\"training_file\"},"
                    + "\"big_number\":12345678901234,\"metadata\":{\"team\":\"ml\",\"cost_center\":\"42\"},\"suffix\":\"dated-suffix\","
                    + "\"unicode\":\"naïve ✓ \\u0000\"}";

    @ParameterizedTest
    @ValueSource(strings = {"pausing", "paused", "resuming", "some_new_state", "Running", "validating_files"})
    void anyStatusComesBackFromTheWire(String status) {
        try (ScriptedServer server = ScriptedServer.start();
                FineTuningClient client = TestClients.client(server.baseUrl())) {
            server.enqueue(Step.json(200, TestJobs.job("ftjob-1", status)));
            FineTuningJob job = client.get("ftjob-1");
            assertThat(job.status().value()).isEqualTo(status);
            assertThat(job.toMap()).containsEntry("status", status);
            assertThat(job.toJson()).contains("\"status\":\"" + status + "\"");
        }
    }

    @Test
    void unknownFieldsAndStatusSurviveARoundTrip() throws Exception {
        FineTuningJob job = FineTuningJob.fromJson(FUTURE_JOB);
        assertThat(job.status()).isEqualTo(JobStatus.of("some_new_state"));
        assertThat(job.status().isTerminal()).isFalse();
        assertThat(job.suffix()).isEqualTo("dated-suffix");
        assertThat(job.errorSummary()).isEqualTo("E1: Training data invalid");
        assertThat(job.field("brand_new_field")).isInstanceOf(Map.class);
        assertThat(job.field("finished_at")).isNull();
        assertThat(job.field("absent")).isNull();

        JsonNode original = Json.MAPPER.readTree(FUTURE_JOB);
        assertThat(Json.MAPPER.readTree(job.toJson())).isEqualTo(original);
        assertThat((JsonNode) Json.MAPPER.valueToTree(job.toMap())).isEqualTo(original);
        assertThat(FineTuningJob.fromJson(job.toJson())).isEqualTo(job).hasSameHashCodeAs(job);
        assertThat(FineTuningJob.fromJson(Json.MAPPER.writeValueAsString(job.toMap())))
                .isEqualTo(job);
    }

    @Test
    void toMapIsAnOrderedSnakeCaseMapWithNullsNestedMapsAndLists() {
        LinkedHashMap<String, Object> map =
                FineTuningJob.fromJson(TestJobs.job("ftjob-1", "paused")).toMap();
        assertThat(map).isExactlyInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<>(map.keySet()))
                .startsWith(
                        "id",
                        "object",
                        "created_at",
                        "finished_at",
                        "estimated_finish",
                        "model",
                        "fine_tuned_model",
                        "organization_id",
                        "status",
                        "error",
                        "hyperparameters",
                        "method");
        assertThat(map.keySet()).allSatisfy(k -> assertThat(k).matches("[a-z_]+"));
        assertThat(map)
                .containsEntry("finished_at", null)
                .containsEntry("fine_tuned_model", null)
                .containsEntry("error", null)
                .containsKey("validation_file")
                .containsEntry("trained_tokens", 12345)
                .containsEntry("user_provided_suffix", "nightly");
        assertThat(map.get("hyperparameters")).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> hyper = (Map<String, Object>) map.get("hyperparameters");
        assertThat(hyper).containsEntry("n_epochs", 3).containsEntry("batch_size", "auto");
        assertThat(map.get("result_files")).isInstanceOf(List.class).isEqualTo(List.of("file-r1", "file-r2"));
        assertThat(map.get("integrations")).isEqualTo(List.of());
        // A new copy each time, mutable, not backed by the job.
        map.put("status", "tampered");
        assertThat(FineTuningJob.fromJson(TestJobs.job("ftjob-1", "paused"))
                        .toMap()
                        .get("status"))
                .isEqualTo("paused");
    }

    @Test
    void toMapValuesAreAllSerializableAndSurviveJavaSerialization() throws Exception {
        for (String json : List.of(FUTURE_JOB, TestJobs.job("ftjob-1", "running"))) {
            LinkedHashMap<String, Object> map = FineTuningJob.fromJson(json).toMap();
            assertAllSerializable(map, "$");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(map);
            }
            Object back;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                back = in.readObject();
            }
            assertThat(back).isEqualTo(map);
        }
    }

    private static void assertAllSerializable(Object value, String path) {
        if (value == null) {
            return;
        }
        assertThat(value).as(path).isInstanceOf(Serializable.class);
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> assertAllSerializable(v, path + "." + k));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertAllSerializable(list.get(i), path + "[" + i + "]");
            }
        }
    }

    @Test
    void typedGettersCopeWithMissingAndOddlyTypedFields() {
        FineTuningJob job =
                FineTuningJob.fromJson("{\"id\":\"ftjob-x\",\"created_at\":\"not a number\",\"trained_tokens\":null,"
                        + "\"metadata\":[],\"error\":{\"code\":null,\"message\":null}}");
        assertThat(job.status()).isNull();
        assertThat(job.createdAt()).isNull();
        assertThat(job.trainedTokens()).isNull();
        assertThat(job.seed()).isNull();
        assertThat(job.metadata()).isEmpty();
        assertThat(job.errorSummary()).isNull();
        assertThat(job.suffix()).isNull();
        assertThat(job.toString()).isEqualTo("FineTuningJob[id=ftjob-x, status=null, model=null]");
        assertThat(FineTuningJob.fromJson("{\"id\":\"a\",\"error\":{\"message\":\"m\"}}")
                        .errorSummary())
                .isEqualTo("m");
        assertThatThrownBy(() -> FineTuningJob.fromJson("[1]")).hasMessage("json: is not a JSON object");
        assertThatThrownBy(() -> FineTuningJob.fromJson(null)).hasMessage("json: is not a JSON object");
        assertThatThrownBy(() -> FineTuningJob.fromJson("{bad")).hasMessage("json: is not a JSON object");
    }

    @Test
    void longMetadataValuesAreKeptWhole() {
        String longValue = "v".repeat(600);
        String longKey = "k".repeat(80);
        FineTuningJob job =
                FineTuningJob.fromJson("{\"id\":\"ftjob-m\",\"metadata\":{\"" + longKey + "\":\"" + longValue + "\"}}");
        assertThat(job.metadata()).containsEntry(longKey, longValue);
        assertThat(((Map<?, ?>) job.toMap().get("metadata")).get(longKey)).isEqualTo(longValue);
        assertThat(job.toString()).doesNotContain(longValue);
    }

    @Test
    void jobStatusIsAnOpenCaseInsensitiveSet() {
        assertThat(JobStatus.of("PAUSED")).isEqualTo(JobStatus.PAUSED).hasSameHashCodeAs(JobStatus.PAUSED);
        assertThat(JobStatus.of(" paused ").value()).isEqualTo("paused");
        assertThat(JobStatus.of("Some_New_State").value()).isEqualTo("Some_New_State");
        assertThat(JobStatus.of("some_new_state")).isNotEqualTo(JobStatus.RUNNING);
        assertThat(List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED))
                .allMatch(JobStatus::isTerminal);
        assertThat(List.of(
                        JobStatus.RUNNING,
                        JobStatus.PAUSING,
                        JobStatus.PAUSED,
                        JobStatus.RESUMING,
                        JobStatus.QUEUED,
                        JobStatus.VALIDATING_FILES,
                        JobStatus.of("pending")))
                .noneMatch(JobStatus::isTerminal);
        assertThat(JobStatus.PAUSING.isPausingOrPaused()).isTrue();
        assertThat(JobStatus.PAUSED.isPaused()).isTrue();
        assertThat(JobStatus.RUNNING.isRunning()).isTrue();
        assertThat(JobStatus.RESUMING.isPausingOrPaused()).isFalse();
        assertThat(JobStatus.PAUSED).hasToString("paused");
        assertThatThrownBy(() -> JobStatus.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void jobActionKnowsWhereEachChangeLeads() {
        assertThat(JobAction.PAUSE.isResultOf(JobStatus.PAUSING)).isTrue();
        assertThat(JobAction.PAUSE.isResultOf(JobStatus.PAUSED)).isTrue();
        assertThat(JobAction.PAUSE.isResultOf(JobStatus.RUNNING)).isFalse();
        assertThat(JobAction.RESUME.isResultOf(JobStatus.RESUMING)).isTrue();
        assertThat(JobAction.RESUME.isResultOf(JobStatus.RUNNING)).isTrue();
        assertThat(JobAction.CANCEL.isResultOf(JobStatus.CANCELLED)).isTrue();
        assertThat(JobAction.CANCEL.isResultOf(null)).isFalse();
    }

    @Test
    void pageCopiesItsData() {
        List<String> items = new ArrayList<>(List.of("a"));
        Page<String> page = new Page<>(items, true);
        items.add("b");
        assertThat(page.data()).containsExactly("a");
        assertThatThrownBy(() -> page.data().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void responseToMapOfAnEventIsSerializableToo() throws IOException {
        try (ScriptedServer server = ScriptedServer.start();
                FineTuningClient client = TestClients.client(server.baseUrl())) {
            server.enqueue(Step.json(200, TestJobs.events(false, "ev-1")));
            Map<String, Object> event =
                    client.listEvents("ftjob-1", null, 1).data().get(0).toMap();
            assertAllSerializable(event, "$");
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(event);
            }
        }
    }
}
