package io.jenkins.plugins.finetune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.finetune.client.FineTuningEvent;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.bulk.BulkReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes results to stdout: the API's own JSON ({@link FineTuningJob#toJson()}, lists as arrays,
 * one line, for {@code jq}) or an aligned table.
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
        print(format == OutputFormat.json ? job.toJson() : jobTable(List.of(job)));
    }

    void jobs(List<FineTuningJob> jobs) {
        print(
                format == OutputFormat.json
                        ? array(jobs.stream().map(FineTuningJob::toJson).toList())
                        : jobTable(jobs));
    }

    void events(List<FineTuningEvent> events) {
        print(
                format == OutputFormat.json
                        ? array(events.stream().map(FineTuningEvent::toJson).toList())
                        : eventTable(events));
    }

    /** One entry per job: {@code id, outcome, status, error}. */
    void outcomes(BulkReport report) {
        if (format == OutputFormat.json) {
            try {
                print(MAPPER.writeValueAsString(report.toMaps()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("outcomes could not be written as JSON", e);
            }
            return;
        }
        Table table = new Table("ID", "OUTCOME", "STATUS", "ERROR");
        report.toMaps().forEach(o -> table.row(o.get("id"), o.get("outcome"), o.get("status"), o.get("error")));
        print(table.render());
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

    /** Indented JSON, for people reading it (the demo). */
    static String pretty(String json) {
        try {
            return MAPPER.readTree(json).toPrettyString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String array(List<String> jsonObjects) {
        return jsonObjects.stream().collect(Collectors.joining(",", "[", "]"));
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
