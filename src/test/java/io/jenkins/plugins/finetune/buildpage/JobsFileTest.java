package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs file on a real disk: each job's latest line served in the build's order, lines written before sequence
 * numbers existed, a line cut by a crash, lines longer than the read window, and a file the record does not yet
 * account for in full.
 */
class JobsFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void servesEachJobsLatestLineInTheBuildsOrder() throws Exception {
        File file = dir.resolve("jobs.jsonl").toFile();
        List<FineTuneJobsAction.Entry> recorded = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            recorded.add(entry("ftjob-" + i, "pausing", null));
            sequences.add(i);
        }
        Long length = JobsFile.append(file, 0L, JobsFile.lines(recorded, sequences));
        // Settled in another order than recorded: the latest line of each wins, the order stays the build's.
        length = JobsFile.append(
                file,
                length,
                JobsFile.lines(
                        List.of(entry("ftjob-250", "paused", 1_500L), entry("ftjob-3", "paused", 1_600L)),
                        List.of(250, 3)));
        length = JobsFile.append(file, length, JobsFile.lines(List.of(entry("ftjob-3", "failed", 1_700L)), List.of(3)));

        JsonNode all = serve(file, length, 300);
        assertThat(all.size(), is(300));
        for (int i = 0; i < 300; i++) {
            assertThat(all.get(i).get("id").asText(), is("ftjob-" + i));
        }
        assertThat(all.get(3).get("status").asText(), is("failed"));
        assertThat(all.get(250).get("status").asText(), is("paused"));
        assertThat(all.get(250).get("waited_millis").asLong(), is(1_500L));
        assertThat(all.get(4).get("status").asText(), is("pausing"));
    }

    @Test
    void linesWithoutSequenceNumbersAreInTheirLinesPlace() throws Exception {
        Path file = dir.resolve("old.jsonl");
        Files.writeString(
                file,
                "{\"id\":\"ftjob-a\",\"status\":\"pausing\"}\n\n{\"id\":\"ftjob-b\",\"status\":\"paused\"}\n",
                StandardCharsets.UTF_8);
        JsonNode all = serve(file.toFile(), null, 2);
        assertThat(all.get(0).get("id").asText(), is("ftjob-a"));
        assertThat(all.get(1).get("id").asText(), is("ftjob-b"));
    }

    @Test
    void bytesTheRecordDoesNotAccountForAreNotServed() throws Exception {
        File file = dir.resolve("crashed.jsonl").toFile();
        Long length = JobsFile.append(file, 0L, JobsFile.lines(List.of(entry("ftjob-a", "pausing", null)), List.of(0)));
        // A settlement written before a crash kept the record from being saved, then a line cut mid-write.
        JobsFile.append(file, null, JobsFile.lines(List.of(entry("ftjob-a", "paused", 9L)), List.of(0)));
        Files.writeString(
                file.toPath(),
                "{\"sequence\":0,\"id\":\"ftjob-a\",\"sta",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(serve(file, length, 1).get(0).get("status").asText(), is("pausing"));
        assertThat(
                "the whole file: the complete settlement, not the cut line",
                serve(file, null, 1).get(0).get("status").asText(),
                is("paused"));
    }

    @Test
    void aLineLongerThanTheReadWindow() throws Exception {
        File file = dir.resolve("long.jsonl").toFile();
        String longError = "x".repeat(200_000);
        FineTuneJobsAction.Entry entry = new FineTuneJobsAction.Entry(
                "ftjob-long", "pause", "failed", "running", "running", null, null, null, longError, 1L, null);
        Long length = JobsFile.append(
                file, 0L, JobsFile.lines(List.of(entry, entry("ftjob-b", "paused", null)), List.of(0, 1)));
        JsonNode all = serve(file, length, 2);
        assertThat(all.get(0).get("error").asText().length(), is(200_000));
        assertThat(all.get(1).get("id").asText(), is("ftjob-b"));
    }

    private static FineTuneJobsAction.Entry entry(String id, String status, Long waited) {
        return new FineTuneJobsAction.Entry(
                id, "pause", "paused", "running", status, "gpt-4o-mini", null, "req-" + id, null, 1L, waited);
    }

    private static JsonNode serve(File file, Long length, int total) throws Exception {
        StringWriter out = new StringWriter();
        out.write('[');
        JobsFile.writeLatest(file, length, total, out);
        out.write("\n]");
        return JSON.readTree(out.toString());
    }
}
