package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders jobs, events and checkpoints with the field names and nullability of the official schemas
 * ({@code OpenAI.FineTuningJob}, {@code OpenAI.FineTuningJobEvent}, {@code OpenAI.FineTuningJobCheckpoint}):
 * every required field is present, and {@code null} only where the schema says nullable.
 */
final class JobJson {
    static final String ORGANIZATION_ID = "org-emulator";

    private JobJson() {}

    static ObjectNode job(Job job, Dialect dialect) {
        ObjectNode json = Json.object();
        json.put("id", job.id);
        json.put("object", "fine_tuning.job");
        json.put("created_at", seconds(job.createdAtMillis));
        putSeconds(json, "finished_at", job.finishedAtMillis());
        putSeconds(json, "estimated_finish", job.estimatedFinishMillis());
        json.put("model", job.model);
        json.put("fine_tuned_model", job.fineTunedModel());
        json.put(dialect.organizationField, ORGANIZATION_ID);
        json.put("status", job.status());
        json.set("error", error(job));
        json.set("hyperparameters", job.hyperparameters.deepCopy());
        json.set("method", job.method.deepCopy());
        json.set("integrations", job.integrations == null ? json.nullNode() : job.integrations.deepCopy());
        if (job.metadata == null) {
            json.putNull("metadata");
        } else {
            ObjectNode metadata = json.putObject("metadata");
            job.metadata.forEach(metadata::put);
        }
        ArrayNode resultFiles = json.putArray("result_files");
        job.resultFiles().forEach(resultFiles::add);
        json.put("training_file", job.trainingFile);
        json.put("validation_file", job.validationFile);
        json.put("trained_tokens", job.trainedTokens());
        json.put("seed", job.seed);
        json.put(dialect.suffixField, job.suffix);
        return json;
    }

    static ObjectNode event(Job.Event event) {
        ObjectNode json = Json.object();
        json.put("object", "fine_tuning.job.event");
        json.put("id", event.id());
        json.put("created_at", seconds(event.createdAtMillis()));
        json.put("level", event.level());
        json.put("message", event.message());
        if (event.metrics() == null) {
            json.put("type", "message");
            json.putObject("data").put("status", event.status());
        } else {
            json.put("type", "metrics");
            ObjectNode data = json.putObject("data");
            data.put("step", event.metrics().step());
            data.put("total_steps", event.totalSteps());
            putMetrics(data, event.metrics());
        }
        return json;
    }

    static ObjectNode checkpoint(Job.Checkpoint checkpoint, String jobId) {
        ObjectNode json = Json.object();
        json.put("object", "fine_tuning.job.checkpoint");
        json.put("id", checkpoint.id());
        json.put("created_at", seconds(checkpoint.createdAtMillis()));
        json.put("fine_tuned_model_checkpoint", checkpoint.fineTunedModelCheckpoint());
        json.put("step_number", checkpoint.stepNumber());
        ObjectNode metrics = json.putObject("metrics");
        metrics.put("step", (float) checkpoint.stepNumber());
        putMetrics(metrics, checkpoint.metrics());
        json.put("fine_tuning_job_id", jobId);
        return json;
    }

    /** The metrics the run has (validation ones only with a validation file), as floats, the schema's format. */
    private static void putMetrics(ObjectNode json, TrainingCurve.Metrics metrics) {
        json.put("train_loss", metrics.trainLoss());
        json.put("train_mean_token_accuracy", metrics.trainMeanTokenAccuracy());
        putIfSet(json, "valid_loss", metrics.validLoss());
        putIfSet(json, "valid_mean_token_accuracy", metrics.validMeanTokenAccuracy());
        putIfSet(json, "full_valid_loss", metrics.fullValidLoss());
        putIfSet(json, "full_valid_mean_token_accuracy", metrics.fullValidMeanTokenAccuracy());
    }

    private static void putIfSet(ObjectNode json, String field, Float value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    /** {@code {"object":"list","data":[...],"has_more":...}}; checkpoint lists also carry first/last id. */
    static ObjectNode list(JobStore.Page<ObjectNode> page, boolean withFirstAndLastId) {
        ObjectNode json = Json.object();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        page.items().forEach(data::add);
        json.put("has_more", page.hasMore());
        if (withFirstAndLastId) {
            List<ObjectNode> items = page.items();
            json.put("first_id", items.isEmpty() ? null : items.get(0).get("id").asText());
            json.put(
                    "last_id",
                    items.isEmpty()
                            ? null
                            : items.get(items.size() - 1).get("id").asText());
        }
        return json;
    }

    private static JsonNode error(Job job) {
        if (!JobStatus.FAILED.equals(job.status())) {
            return Json.object().nullNode();
        }
        ObjectNode error = Json.object();
        error.put("code", job.errorCode());
        error.put("message", job.errorMessage());
        error.putNull("param");
        return error;
    }

    private static void putSeconds(ObjectNode json, String field, Long millis) {
        if (millis == null) {
            json.putNull(field);
        } else {
            json.put(field, seconds(millis));
        }
    }

    private static long seconds(long millis) {
        return Math.floorDiv(millis, 1000);
    }
}
