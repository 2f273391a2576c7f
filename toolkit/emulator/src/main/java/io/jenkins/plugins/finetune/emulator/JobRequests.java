package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a create-job request body ({@code OpenAI.CreateFineTuningJobRequest}) into a job, or a 400. */
final class JobRequests {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> METHOD_TYPES = Set.of("supervised", "dpo", "reinforcement");

    private JobRequests() {}

    static Job.JobSpec parseCreate(String body) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON.", null);
        }
        if (request == null || !request.isObject()) {
            throw invalid("The request body must be a JSON object.", null);
        }
        String model = requiredText(request, "model");
        String trainingFile = requiredText(request, "training_file");
        String suffix = optionalText(request, "suffix");
        if (suffix != null && (suffix.isEmpty() || suffix.length() > 64)) {
            throw invalid("'suffix' must be 1 to 64 characters long.", "suffix");
        }
        JsonNode hyperparameters = optionalObject(request, "hyperparameters");
        JsonNode method = optionalObject(request, "method");
        if (method != null && !METHOD_TYPES.contains(method.path("type").asText())) {
            throw invalid("'method.type' must be one of " + METHOD_TYPES + ".", "method");
        }
        JsonNode methodHyperparameters = method == null
                ? null
                : method.path(method.path("type").asText()).get("hyperparameters");
        if (hyperparameters == null) {
            hyperparameters = methodHyperparameters != null && methodHyperparameters.isObject()
                    ? methodHyperparameters
                    : defaultHyperparameters();
        }
        if (method == null) {
            method = supervisedMethod(hyperparameters);
        }
        hyperparameters = jobHyperparameters(hyperparameters);
        JsonNode integrations = request.get("integrations");
        if (integrations != null && !integrations.isNull() && !integrations.isArray()) {
            throw invalid("'integrations' must be an array.", "integrations");
        }
        return new Job.JobSpec(
                Ids.job(),
                JobStatus.VALIDATING_FILES,
                model,
                trainingFile,
                optionalText(request, "validation_file"),
                suffix,
                metadata(request),
                seed(request),
                hyperparameters.deepCopy(),
                method.deepCopy(),
                integrations == null || integrations.isNull() ? null : integrations.deepCopy(),
                "Validating training file: " + trainingFile + ".",
                TrainingPlan.DEFAULT);
    }

    static ObjectNode defaultHyperparameters() {
        ObjectNode hyperparameters = Json.object();
        hyperparameters.put("batch_size", "auto");
        hyperparameters.put("learning_rate_multiplier", "auto");
        hyperparameters.put("n_epochs", "auto");
        return hyperparameters;
    }

    /**
     * The job's top-level {@code hyperparameters} has exactly the three supervised fields in the schema;
     * method-specific ones (DPO's {@code beta}...) stay under {@code method}.
     */
    private static ObjectNode jobHyperparameters(JsonNode requested) {
        ObjectNode hyperparameters = defaultHyperparameters();
        for (String field : List.of("batch_size", "learning_rate_multiplier", "n_epochs")) {
            JsonNode value = requested.get(field);
            if (value != null && !value.isNull()) {
                hyperparameters.set(field, value.deepCopy());
            }
        }
        return hyperparameters;
    }

    static ObjectNode supervisedMethod(JsonNode hyperparameters) {
        ObjectNode method = Json.object();
        method.put("type", "supervised");
        method.putObject("supervised").set("hyperparameters", hyperparameters.deepCopy());
        return method;
    }

    private static String requiredText(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("'" + field + "' is required and must be a non-empty string.", field);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + field + "' must be a string.", field);
        }
        return value.asText();
    }

    private static JsonNode optionalObject(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("'" + field + "' must be an object.", field);
        }
        return value;
    }

    private static Map<String, String> metadata(JsonNode request) {
        JsonNode value = optionalObject(request, "metadata");
        if (value == null) {
            return null;
        }
        if (value.size() > 16) {
            throw invalid("'metadata' may hold at most 16 key-value pairs.", "metadata");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw invalid("'metadata' values must be strings.", "metadata");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static int seed(JsonNode request) {
        JsonNode value = request.get("seed");
        if (value == null || value.isNull()) {
            return RANDOM.nextInt(Integer.MAX_VALUE);
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid("'seed' must be a 32-bit integer.", "seed");
        }
        return value.intValue();
    }

    private static ApiError invalid(String message, String param) {
        return ApiError.badRequest("invalidPayload", message, param);
    }
}
