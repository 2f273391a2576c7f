package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code fine_tuning.job} exactly as Azure sent it. Typed getters cover the documented fields;
 * every field, known or not, survives {@link #toMap()} and {@link #toJson()} unchanged, so a field
 * Azure adds tomorrow reaches the pipeline without a new release.
 */
public final class FineTuningJob {

    private final ObjectNode json;

    FineTuningJob(ObjectNode json) {
        this.json = json;
    }

    /** Parses a job from its JSON text (for tools and tests). */
    public static FineTuningJob fromJson(String text) {
        ObjectNode node =
                Json.parseObject(text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (node == null) {
            throw new IllegalArgumentException("json: is not a JSON object");
        }
        return new FineTuningJob(node);
    }

    public String id() {
        return Json.text(json, "id");
    }

    /** Always {@code fine_tuning.job} for a job. */
    public String object() {
        return Json.text(json, "object");
    }

    /** The status; {@code null} only if Azure sent none. */
    public JobStatus status() {
        String status = Json.text(json, "status");
        return status == null ? null : JobStatus.of(status);
    }

    public String model() {
        return Json.text(json, "model");
    }

    /** The fine-tuned model's name; {@code null} until there is one. */
    public String fineTunedModel() {
        return Json.text(json, "fine_tuned_model");
    }

    public String organizationId() {
        return Json.text(json, "organization_id");
    }

    public Instant createdAt() {
        return instant("created_at");
    }

    public Instant finishedAt() {
        return instant("finished_at");
    }

    public Instant estimatedFinish() {
        return instant("estimated_finish");
    }

    public String trainingFile() {
        return Json.text(json, "training_file");
    }

    public String validationFile() {
        return Json.text(json, "validation_file");
    }

    public Long trainedTokens() {
        return Json.number(json, "trained_tokens");
    }

    public Long seed() {
        return Json.number(json, "seed");
    }

    /** The suffix given at creation: {@code user_provided_suffix} (v1) or {@code suffix} (dated versions). */
    public String suffix() {
        String suffix = Json.text(json, "user_provided_suffix");
        return suffix != null ? suffix : Json.text(json, "suffix");
    }

    /** The job's metadata (string keys and values); empty when it has none. */
    public Map<String, String> metadata() {
        JsonNode metadata = json.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        metadata.properties()
                .forEach(e -> out.put(
                        e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return Collections.unmodifiableMap(out);
    }

    /** The error of a failed job as {@code code: message}, or {@code null}. */
    public String errorSummary() {
        JsonNode error = json.get("error");
        if (error == null || !error.isObject()) {
            return null;
        }
        String code = Json.text(error, "code");
        String message = Json.text(error, "message");
        if (code == null && message == null) {
            return null;
        }
        return code == null ? message : message == null ? code : code + ": " + message;
    }

    /** Any field by its API name, as a plain Java value ({@code null} if absent or null). */
    public Object field(String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return Json.MAPPER.convertValue(value, Object.class);
    }

    /**
     * The whole job as a new mutable {@link LinkedHashMap} with the API's field names (snake_case),
     * nested objects as maps and arrays as lists; JSON {@code null}s are kept as {@code null} values.
     * Every value is Serializable, as a Jenkins Pipeline needs.
     */
    public LinkedHashMap<String, Object> toMap() {
        return Json.toMap(json);
    }

    /** The job as compact JSON, byte for byte what a re-serialisation of Azure's answer gives. */
    public String toJson() {
        return Json.toJson(json);
    }

    private Instant instant(String field) {
        Long seconds = Json.number(json, field);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FineTuningJob that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "FineTuningJob[id=" + id() + ", status=" + status() + ", model=" + model() + "]";
    }
}
