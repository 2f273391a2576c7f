package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Many parallel branches of one build record their jobs on its page at the same time, each record saved with the
 * build, while Pipeline saves the build too: no save fails, the build succeeds, and after a restart the build,
 * read back from disk, counts every job exactly once, in build.xml and in the jobs file alike.
 */
class ParallelRecordsTest {

    private static final int BRANCHES = 16;
    private static final int JOBS_PER_BRANCH = 20;
    private static final int JOBS = BRANCHES * JOBS_PER_BRANCH;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private FineTuningEmulator emulator;

    @BeforeEach
    void startEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FoundryTestSupport.startEmulator();
    }

    @AfterEach
    void closeEmulator() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void sixteenBranchesPausingOneJobAfterAnotherKeepAWholeRecord() throws Throwable {
        List<String> ids = emulator.seedRunningJobs(JOBS);
        StringBuilder script = new StringBuilder("def branches = [:]\n");
        for (int b = 0; b < BRANCHES; b++) {
            List<String> mine = ids.subList(b * JOBS_PER_BRANCH, (b + 1) * JOBS_PER_BRANCH);
            script.append("branches['b")
                    .append(b)
                    .append("'] = { for (id in ")
                    .append(mine.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "[", "]")))
                    .append(") { pauseFineTune(jobId: id) } }\n");
        }
        script.append("parallel branches\n");
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            try (LogRecorder logs = new LogRecorder()
                    .record("", Level.WARNING) // Jenkins' own saves as well as the plugin's
                    .capture(1_000)) {
                WorkflowJob p = j.createProject(WorkflowJob.class, "p");
                p.setDefinition(new CpsFlowDefinition(script.toString(), true));
                WorkflowRun b = j.buildAndAssertStatus(Result.SUCCESS, p);
                assertThat("failed saves", failedSaves(logs.getRecords()), is(empty()));
                assertWhole(b, ids);
            }
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            assertWhole(b, ids); // as read back from build.xml and the jobs file
            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                JsonNode all = JSON.readTree(wc.goTo(b.getUrl() + "fine-tuning-jobs/all.json", "application/json")
                        .getWebResponse()
                        .getContentAsString());
                assertThat(all.size(), is(JOBS));
            }
        });
    }

    private static void assertWhole(WorkflowRun b, List<String> ids) throws Exception {
        FineTuneJobsAction action = b.getAction(FineTuneJobsAction.class);
        assertThat(action.getTotal(), is(JOBS));
        assertThat(action.getCounts(), is(Map.of("paused", JOBS)));
        assertThat(action.getEntries(), hasSize(FineTuneJobsAction.KEPT_IN_BUILD_RECORD));
        List<String> lines = Files.readAllLines(
                new File(b.getRootDir(), FineTuneJobsAction.ALL_JOBS_FILE).toPath(), StandardCharsets.UTF_8);
        assertThat("lines in the jobs file", lines, hasSize(JOBS));
        List<String> fileIds = new ArrayList<>();
        for (String line : lines) {
            fileIds.add(JSON.readTree(line).get("id").asText());
        }
        assertThat("each job once", new HashSet<>(fileIds).size(), is(JOBS));
        assertThat(new TreeSet<>(fileIds), is(new TreeSet<>(ids)));
        String buildXml = Files.readString(new File(b.getRootDir(), "build.xml").toPath(), StandardCharsets.UTF_8);
        assertThat(
                "plain collections in build.xml",
                Set.of("Unmodifiable", "ImmutableCollections", "CopyOnWrite").stream()
                        .filter(buildXml::contains)
                        .toList(),
                is(empty()));
        // The same XML as the record had before its snapshots (it still loads older build.xml files).
        assertThat(buildXml, containsString("<entries>"));
        assertThat(buildXml, containsString("<counts class=\"tree-map\">"));
        assertThat(buildXml, containsString("<total>" + JOBS + "</total>"));
        assertThat(buildXml, containsString("<recordedBy class=\"sorted-set\">"));
    }

    /** Warnings of a save that failed, or of a collection changed while being written. */
    private static List<String> failedSaves(List<LogRecord> records) {
        List<String> failed = new ArrayList<>();
        for (LogRecord record : records) {
            String message = String.valueOf(record.getMessage());
            boolean concurrent = false;
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                concurrent |= t instanceof ConcurrentModificationException;
            }
            if (concurrent
                    || message.contains("save")
                    || record.getLoggerName().equals(FineTuneJobsAction.class.getName())) {
                failed.add(record.getLoggerName() + ": " + message);
            }
        }
        return failed;
    }
}
