package io.jenkins.plugins.finetune.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jobs the standalone emulator seeds, from the command line ({@code --jobs running=5,paused=2} with
 * {@code --suffix}, {@code --model}, {@code --metadata}) or a JSON file ({@code --jobs-file}), so that a
 * selection can be tried without writing Java.
 *
 * <p>The file is an array of groups: {@code [{"status": "paused", "count": 2, "suffix": "nightly-",
 * "model": "gpt-4.1-mini", "metadata": {"pause_at_night": "true"}}, {"id": "ftjob-…"}]}; every field is
 * optional ({@code status} running, {@code count} 1), {@code id} only for a group of one.
 */
final class SeedPlan {

    static final int MAX_JOBS = 10_000;

    private static final Set<String> FIELDS = Set.of(
            "status",
            "count",
            "id",
            "suffix",
            "model",
            "metadata",
            "validation_file",
            "seed",
            "total_steps",
            "event_interval",
            "checkpoint_interval",
            "fail_at_step",
            "failure_message");

    /** How the jobs of a group train; {@code null} fields take the emulator's defaults. */
    record Training(
            String validationFile,
            Integer seed,
            Integer totalSteps,
            Integer eventInterval,
            Integer checkpointInterval,
            Integer failAtStep,
            String failureMessage) {

        static final Training DEFAULTS = new Training(null, null, null, null, null, null, null);

        void applyTo(JobSeed seed) {
            seed.validationFile(validationFile);
            if (this.seed != null) {
                seed.seed(this.seed);
            }
            if (totalSteps != null) {
                seed.totalSteps(totalSteps);
            }
            if (eventInterval != null) {
                seed.eventInterval(eventInterval);
            }
            if (checkpointInterval != null) {
                seed.checkpointInterval(checkpointInterval);
            }
            if (failAtStep != null) {
                seed.failAtStep(failAtStep);
            }
            if (failureMessage != null) {
                seed.failureMessage(failureMessage);
            }
        }
    }

    /** One kind of job, {@code count} times. */
    record Group(
            int count,
            String status,
            String id,
            String suffix,
            String model,
            Map<String, String> metadata,
            Training training) {

        Group(int count, String status, String id, String suffix, String model, Map<String, String> metadata) {
            this(count, status, id, suffix, model, metadata, Training.DEFAULTS);
        }

        JobSeed seed() {
            JobSeed seed = JobSeed.withStatus(status).suffix(suffix).metadata(metadata);
            if (model != null) {
                seed.model(model);
            }
            if (id != null) {
                seed.id(id);
            }
            training.applyTo(seed);
            return seed;
        }
    }

    private SeedPlan() {}

    /**
     * {@code 5} (running jobs) or {@code running=5,paused=2,…}, each group with the same suffix, model and
     * metadata.
     */
    static List<Group> fromSpec(String spec, String suffix, String model, Map<String, String> metadata)
            throws CliOptions.UsageException {
        List<Group> groups = new ArrayList<>();
        if (spec.trim().matches("\\d+")) {
            groups.add(new Group(count("--jobs", spec.trim()), JobStatus.RUNNING, null, suffix, model, metadata));
            return checkTotal(groups);
        }
        for (String part : spec.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                throw new CliOptions.UsageException(
                        "--jobs takes a number or STATUS=COUNT pairs such as running=5,paused=2, not '" + part.trim()
                                + "'");
            }
            groups.add(new Group(
                    count("--jobs", pair[1].trim()), status("--jobs", pair[0].trim()), null, suffix, model, metadata));
        }
        return checkTotal(groups);
    }

    static List<Group> fromFile(Path file) throws CliOptions.UsageException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CliOptions.UsageException("--jobs-file " + file + " is not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new CliOptions.UsageException("--jobs-file " + file + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new CliOptions.UsageException("--jobs-file " + file + " must hold a JSON array of job groups");
        }
        List<Group> groups = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root) {
            groups.add(group("--jobs-file " + file + ", entry " + index++, node));
        }
        return checkTotal(groups);
    }

    private static Group group(String where, JsonNode node) throws CliOptions.UsageException {
        if (!node.isObject()) {
            throw new CliOptions.UsageException(where + ": must be an object such as {\"status\": \"paused\"}");
        }
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw new CliOptions.UsageException(
                    where + ": unknown field(s) " + unknown + "; known: " + new TreeSet<>(FIELDS));
        }
        int count =
                node.has("count") ? count(where + " count", node.get("count").asText()) : 1;
        String id = text(where, node, "id");
        if (id != null && count != 1) {
            throw new CliOptions.UsageException(where + ": an id names one job, so count must be 1");
        }
        if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw new CliOptions.UsageException(where + ": id must be letters, digits, '.', '_', ':' or '-'");
        }
        String status = node.has("status") ? status(where + " status", text(where, node, "status")) : JobStatus.RUNNING;
        Map<String, String> metadata = null;
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new CliOptions.UsageException(where + ": metadata must be an object of strings");
            }
            metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw new CliOptions.UsageException(
                            where + ": metadata value of '" + entry.getKey() + "' must be a string");
                }
                metadata.put(entry.getKey(), entry.getValue().asText());
            }
        }
        Training training = new Training(
                text(where, node, "validation_file"),
                intValue(where, node, "seed"),
                steps(where, node, "total_steps"),
                steps(where, node, "event_interval"),
                steps(where, node, "checkpoint_interval"),
                steps(where, node, "fail_at_step"),
                text(where, node, "failure_message"));
        Group group = new Group(
                count, status, id, text(where, node, "suffix"), text(where, node, "model"), metadata, training);
        try {
            group.seed().toSpec(); // the plan's own checks (e.g. fail_at_step beyond total_steps), said here
        } catch (IllegalArgumentException e) {
            throw new CliOptions.UsageException(where + ": " + snakeCase(e.getMessage()));
        }
        return group;
    }

    /** A whole number of steps from 1 to {@link TrainingPlan#MAX_STEPS}, or {@code null} when absent. */
    private static Integer steps(String where, JsonNode node, String field) throws CliOptions.UsageException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()
                || !value.canConvertToInt()
                || value.intValue() < 1
                || value.intValue() > TrainingPlan.MAX_STEPS) {
            throw new CliOptions.UsageException(
                    where + ": " + field + " must be a whole number from 1 to " + TrainingPlan.MAX_STEPS);
        }
        return value.intValue();
    }

    private static Integer intValue(String where, JsonNode node, String field) throws CliOptions.UsageException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new CliOptions.UsageException(where + ": " + field + " must be a 32-bit whole number");
        }
        return value.intValue();
    }

    /** The plan names its fields as Java does; the file spells them in snake_case. */
    private static String snakeCase(String message) {
        return message.replace("totalSteps", "total_steps")
                .replace("eventInterval", "event_interval")
                .replace("checkpointInterval", "checkpoint_interval")
                .replace("failAtStep", "fail_at_step");
    }

    private static String text(String where, JsonNode node, String field) throws CliOptions.UsageException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new CliOptions.UsageException(where + ": " + field + " must be a string");
        }
        return value.asText();
    }

    private static String status(String where, String value) throws CliOptions.UsageException {
        if (!JobStatus.ALL.contains(value)) {
            throw new CliOptions.UsageException(where + ": '" + value + "' is not a job status; use one of "
                    + String.join(", ", new TreeSet<>(JobStatus.ALL)));
        }
        return value;
    }

    private static int count(String where, String value) throws CliOptions.UsageException {
        try {
            int count = Integer.parseInt(value);
            if (count >= 0 && count <= MAX_JOBS) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new CliOptions.UsageException(
                where + " must be a whole number from 0 to " + MAX_JOBS + ", not '" + value + "'");
    }

    private static List<Group> checkTotal(List<Group> groups) throws CliOptions.UsageException {
        long total = groups.stream().mapToLong(Group::count).sum();
        if (total > MAX_JOBS) {
            throw new CliOptions.UsageException("at most " + MAX_JOBS + " jobs can be seeded, not " + total);
        }
        return groups;
    }
}
