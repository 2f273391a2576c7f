package io.jenkins.plugins.finetune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes results to stdout in one of three forms, the same for every command: the API's own JSON
 * indented ({@code json}; a list is an array), one compact object per line ({@code jsonl}), or an
 * aligned table.
 */
final class Output {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintWriter out;
    private final OutputFormat format;

    Output(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    void job(FineTuningJob job) {
        if (format == OutputFormat.table) {
            print(jobTable(List.of(job)));
        } else {
            print(format == OutputFormat.json ? pretty(job.toJson()) : compact(job.toJson()));
        }
    }

    void jobs(List<FineTuningJob> jobs) {
        if (format == OutputFormat.table) {
            print(jobTable(jobs));
        } else {
            objects(jobs.stream().map(FineTuningJob::toJson).map(Output::tree).toList());
        }
    }

    void events(List<FineTuningEvent> events) {
        if (format == OutputFormat.table) {
            print(eventTable(events));
        } else {
            objects(events.stream()
                    .map(FineTuningEvent::toJson)
                    .map(Output::tree)
                    .toList());
        }
    }

    /**
     * Events as they are followed: a table has no end to align to, so each event is one console line
     * ({@code time level message}, made safe); JSON is one compact object per line, as {@code jsonl}.
     */
    void followedEvents(List<FineTuningEvent> events) {
        for (FineTuningEvent event : events) {
            out.println(format == OutputFormat.table ? event.toConsoleLine() : compact(event.toJson()));
        }
        out.flush();
    }

    void checkpoints(List<FineTuningCheckpoint> checkpoints) {
        if (format == OutputFormat.table) {
            print(checkpointTable(checkpoints));
        } else {
            objects(checkpoints.stream()
                    .map(FineTuningCheckpoint::toJson)
                    .map(Output::tree)
                    .toList());
        }
    }

    /** One entry per job: {@code id, outcome, status, error}. */
    void outcomes(BulkReport report) {
        if (format == OutputFormat.table) {
            Table table = new Table("ID", "OUTCOME", "STATUS", "ERROR");
            report.toMaps().forEach(o -> table.row(o.get("id"), o.get("outcome"), o.get("status"), o.get("error")));
            print(table.render());
        } else {
            objects(report.toMaps().stream()
                    .map(map -> (JsonNode) MAPPER.valueToTree(map))
                    .toList());
        }
    }

    /** {@code json}: one indented array; {@code jsonl}: one compact object per line. */
    private void objects(List<JsonNode> items) {
        if (format == OutputFormat.json) {
            ArrayNode array = MAPPER.createArrayNode();
            items.forEach(array::add);
            print(array.toPrettyString());
            return;
        }
        items.forEach(item -> out.println(item.toString()));
        out.flush();
    }

    static String jobTable(List<FineTuningJob> jobs) {
        Table table = new Table("ID", "STATUS", "MODEL", "FINE_TUNED_MODEL", "CREATED_AT");
        jobs.forEach(job -> table.row(job.id(), job.status(), job.model(), job.fineTunedModel(), job.createdAt()));
        return table.render();
    }

    static String eventTable(List<FineTuningEvent> events) {
        Table table = new Table("ID", "CREATED_AT", "LEVEL", "MESSAGE");
        events.forEach(event -> table.row(event.id(), event.createdAt(), event.level(), event.message()));
        return table.render();
    }

    /** The losses a reader compares; every metric is in the JSON forms. */
    static String checkpointTable(List<FineTuningCheckpoint> checkpoints) {
        Table table = new Table(
                "ID",
                "STEP",
                "CREATED_AT",
                "TRAIN_LOSS",
                "VALID_LOSS",
                "FULL_VALID_LOSS",
                "FINE_TUNED_MODEL_CHECKPOINT");
        checkpoints.forEach(checkpoint -> table.row(
                ConsoleText.sanitize(checkpoint.id()),
                checkpoint.stepNumber(),
                checkpoint.createdAt(),
                metric(checkpoint, "train_loss"),
                metric(checkpoint, "valid_loss"),
                metric(checkpoint, "full_valid_loss"),
                ConsoleText.sanitize(checkpoint.fineTunedModelCheckpoint())));
        return table.render();
    }

    private static String metric(FineTuningCheckpoint checkpoint, String name) {
        Double value = checkpoint.metric(name);
        return value == null ? null : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** Indented JSON, the {@code json} form. */
    static String pretty(String json) {
        return tree(json).toPrettyString();
    }

    private static String compact(String json) {
        return tree(json).toString();
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void print(String text) {
        if (text.endsWith(System.lineSeparator())) {
            out.print(text);
        } else {
            out.println(text);
        }
        out.flush();
    }
}
