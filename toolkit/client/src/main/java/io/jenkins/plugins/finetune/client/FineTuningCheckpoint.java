package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code fine_tuning.job.checkpoint} exactly as Azure sent it: a model saved at one step of a job's training,
 * with the metrics at that step. Typed getters cover the documented fields; every field, known or not, survives
 * {@link #toMap()} and {@link #toJson()} unchanged. Its text comes from the server: pass it through
 * {@link ConsoleText#sanitize(String)} before printing it.
 */
public final class FineTuningCheckpoint {

    private final ObjectNode json;

    FineTuningCheckpoint(ObjectNode json) {
        this.json = json;
    }

    /** Parses a checkpoint from its JSON text (for tools and tests). */
    public static FineTuningCheckpoint fromJson(String text) {
        ObjectNode node =
                Json.parseObject(text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (node == null) {
            throw new IllegalArgumentException("json: is not a JSON object");
        }
        return new FineTuningCheckpoint(node);
    }

    /** The checkpoint's id, e.g. {@code ftckpt-…}. */
    public String id() {
        return Json.text(json, "id");
    }

    public Instant createdAt() {
        Long seconds = Json.number(json, "created_at");
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** The name of the checkpoint model, the one a deployment names. */
    public String fineTunedModelCheckpoint() {
        return Json.text(json, "fine_tuned_model_checkpoint");
    }

    /** The training step it was saved at; {@code null} if Azure sent none. */
    public Long stepNumber() {
        return Json.number(json, "step_number");
    }

    public String fineTuningJobId() {
        return Json.text(json, "fine_tuning_job_id");
    }

    /**
     * The numeric metrics by their API names ({@code step}, {@code train_loss}, {@code valid_loss},
     * {@code full_valid_loss}, {@code train_mean_token_accuracy}, …, and any Azure adds), in Azure's order; a
     * metric Azure did not compute is absent, a value that is not a number is left out.
     */
    public Map<String, Double> metrics() {
        JsonNode metrics = json.get("metrics");
        if (metrics == null || !metrics.isObject()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** One metric by its API name, e.g. {@code valid_loss}; {@code null} when absent or not a number. */
    public Double metric(String name) {
        return metrics().get(name);
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
     * The whole checkpoint as a new mutable {@link LinkedHashMap} with the API's field names, {@code metrics} a
     * nested map; every value is Serializable, as a Jenkins Pipeline needs.
     */
    public LinkedHashMap<String, Object> toMap() {
        return Json.toMap(json);
    }

    /** The checkpoint as compact JSON. */
    public String toJson() {
        return Json.toJson(json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FineTuningCheckpoint that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "FineTuningCheckpoint[id=" + Texts.printable(id(), 64) + ", step=" + stepNumber() + "]";
    }
}
