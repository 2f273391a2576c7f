package io.jenkins.plugins.finetune.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.model.FreeStyleProject;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneTrainingAction;
import io.jenkins.plugins.finetune.emulator.EmulatorMain;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.JobSnapshot;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The demo of {@code demo/run.sh}, as a new user meets it: the emulator started with the script's command line and
 * fleet, the Jenkins configured by {@code demo/jenkins.yaml}, the example jobs of {@code demo/jobs} loaded from their
 * {@code config.xml}, and each pressed once, in the order a user would try them: every build succeeds and changes
 * exactly the jobs it says.
 */
@WithJenkins
class DemoTest {

    private static final Path DEMO = Path.of("demo");
    private static final String SCRIPT_ENDPOINT = "http://127.0.0.1:8089";

    private FineTuningEmulator emulator;

    @BeforeEach
    void startTheDemosEmulator() {
        FoundryTestSupport.allowLoopbackHttp(true);
        // run.sh's command line, on a free port
        emulator = EmulatorMain.startFromCommandLine(
                System::getenv,
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                "--port",
                "0",
                "--api-key",
                "demo-key",
                "--jobs-file",
                DEMO.resolve("fleet.json").toString(),
                "--quiet");
    }

    @AfterEach
    void stop() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    @Test
    void everyExampleJobRunsAgainstTheSeededFleet(JenkinsRule j, @TempDir Path tmp) throws Exception {
        assertThat(
                Files.readString(DEMO.resolve("run.sh"), StandardCharsets.UTF_8)
                        .contains("--port \"$PORT\" --api-key demo-key \\\n  --jobs-file demo/fleet.json"),
                is(true));
        String yaml = Files.readString(DEMO.resolve("jenkins.yaml"), StandardCharsets.UTF_8);
        assertThat("jenkins.yaml points at run.sh's emulator", yaml.contains(SCRIPT_ENDPOINT), is(true));
        Path casc = tmp.resolve("jenkins.yaml");
        Files.writeString(casc, yaml.replace(SCRIPT_ENDPOINT, emulator.baseUrl()), StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(casc.toString());
        List<String> names = loadJobs(j);
        assertThat(
                names,
                containsInAnyOrder(
                        "pause-one-job",
                        "nightly-pause",
                        "nightly-pause-dry-run",
                        "morning-resume",
                        "freestyle-pause",
                        "training-chart"));

        List<String> taggedRunning = ids(job -> tagged(job) && job.status().equals("running"));
        List<String> untaggedRunning = ids(job -> !tagged(job) && job.status().equals("running"));
        List<String> tagged = ids(DemoTest::tagged);
        assertThat("the fleet has tagged and untagged running jobs", taggedRunning, hasSize(3));
        assertThat(untaggedRunning, not(hasSize(0)));
        assertThat("and a tagged job paused already", tagged, hasSize(4));
        assertThat(ids(job -> job.status().equals("failed")), hasSize(1));

        j.assertLogContains("would pause 3 jobs", build(j, "nightly-pause-dry-run"));
        assertThat("a dry run changes nothing", statuses(taggedRunning), everyItem(is("running")));

        j.assertLogContains("paused 3 jobs", build(j, "nightly-pause"));
        assertThat(statuses(taggedRunning), everyItem(is("paused")));
        assertThat("untagged jobs keep training", statuses(untaggedRunning), everyItem(is("running")));

        build(j, "morning-resume");
        assertThat("every tagged job trains again", statuses(tagged), everyItem(is("running")));

        String single = "ftjob-00000000000000000000000000000001";
        j.assertLogContains(single + ": paused", build(j, "pause-one-job"));
        assertThat(emulator.job(single).status(), is("paused"));
        j.assertLogContains(single, build(j, "freestyle-pause")); // paused already: not an error there

        Run<?, ?> chart = build(j, "training-chart");
        j.assertLogContains("best of 20 checkpoints: ", chart);
        assertThat(
                "the training curve on the build page",
                chart.getAction(FineTuneTrainingAction.class).getJobs(),
                hasSize(1));
    }

    private List<String> loadJobs(JenkinsRule j) throws Exception {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(DEMO.resolve("jobs"))) {
            for (Path job : jobs) {
                String name = job.getFileName().toString();
                try (InputStream xml = Files.newInputStream(job.resolve("config.xml"))) {
                    j.jenkins.createProjectFromXML(name, xml);
                }
                names.add(name);
            }
        }
        return names;
    }

    /** Presses Build, as a user would (a parameterized job gets its parameters' defaults). */
    private static Run<?, ?> build(JenkinsRule j, String name) throws Exception {
        TopLevelItem item = j.jenkins.getItem(name);
        if (item instanceof FreeStyleProject freestyle) {
            return j.buildAndAssertSuccess(freestyle);
        }
        return j.buildAndAssertSuccess((WorkflowJob) item);
    }

    private static boolean tagged(JobSnapshot job) {
        Map<String, String> metadata = job.metadata();
        return metadata != null && "true".equals(metadata.get("pause_at_night"));
    }

    private List<String> ids(Predicate<JobSnapshot> which) {
        return emulator.jobIds().stream()
                .map(emulator::job)
                .filter(which)
                .map(JobSnapshot::id)
                .toList();
    }

    private List<String> statuses(List<String> ids) {
        return ids.stream().map(id -> emulator.job(id).status()).toList();
    }
}
