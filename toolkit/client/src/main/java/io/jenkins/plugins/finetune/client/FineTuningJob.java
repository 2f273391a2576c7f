package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code fine_tuning.job}: its status, model, files, metadata and every other field Azure sends. */
public final class FineTuningJob extends ApiObject {

    FineTuningJob(ObjectNode json) {
        super(json);
    }

    /** Parses a job from its JSON text (for tools and tests). */
    public static FineTuningJob fromJson(String text) {
        return parse(text, FineTuningJob::new);
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

    @Override
    public String toString() {
        return "FineTuningJob[id=" + Texts.printable(id(), 64) + ", status=" + status() + ", model="
                + Texts.printable(model(), 64) + "]";
    }
}
