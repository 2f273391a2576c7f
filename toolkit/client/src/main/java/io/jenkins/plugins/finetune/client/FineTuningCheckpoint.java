package io.jenkins.plugins.finetune.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code fine_tuning.job.checkpoint} ({@code ftckpt-…}): a model saved at one step of a job's training, with the
 * metrics at that step; {@link #toMap()} keeps {@code metrics} a nested map.
 */
public final class FineTuningCheckpoint extends ApiObject {

    FineTuningCheckpoint(ObjectNode json) {
        super(json);
    }

    /** Parses a checkpoint from its JSON text (for tools and tests). */
    public static FineTuningCheckpoint fromJson(String text) {
        return parse(text, FineTuningCheckpoint::new);
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

    @Override
    public String toString() {
        return "FineTuningCheckpoint[id=" + Texts.printable(id(), 64) + ", step=" + stepNumber() + "]";
    }
}
