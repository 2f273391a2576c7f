package io.jenkins.plugins.finetune.buildpage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.client.FineTuningCheckpoint;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.htmlunit.CollectingAlertHandler;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The training charts on the build page, fed by {@code fineTuneCheckpoints} against the emulator's trained jobs:
 * drawn as SVG with a line per metric, the best checkpoint named, Azure's text escaped, bounded, saved.
 */
@WithJenkins
class TrainingChartTest extends FoundryTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBuildPageChartsEachJobsCheckpointsAndNamesTheLowestValidationLoss() throws Exception {
        String validated = emulator.seedJob(JobSeed.withStatus("succeeded")
                .validationFile("file-val")
                .suffix("chart")
                .totalSteps(100)
                .checkpointInterval(10));
        String unvalidated =
                emulator.seedJob(JobSeed.withStatus("succeeded").totalSteps(40).checkpointInterval(20));
        WorkflowRun b = run(
                "def c = fineTuneCheckpoints(jobId: '" + validated + "')\n"
                        + "def best = c.min { it.metrics.valid_loss }\n"
                        + "echo \"best=${best.fine_tuned_model_checkpoint} at ${best.step_number}\"\n"
                        + "fineTuneCheckpoints(jobId: '" + unvalidated + "')\n",
                Result.SUCCESS);
        String best = JenkinsRule.getLog(b)
                .lines()
                .filter(line -> line.startsWith("best="))
                .findFirst()
                .orElseThrow()
                .substring("best=".length());
        String bestName = best.substring(0, best.indexOf(" at "));
        String bestStep = best.substring(best.indexOf(" at ") + 4);

        FineTuneTrainingAction action = b.getAction(FineTuneTrainingAction.class);
        assertThat(action.getJobs(), hasSize(2));
        assertThat(action.getJobs().get(0).getPoints(), hasSize(10));
        assertThat(action.getJobs().get(0).getBest().getCheckpoint(), is(bestName));

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            CollectingAlertHandler alerts = new CollectingAlertHandler();
            wc.setAlertHandler(alerts);
            HtmlPage page = wc.getPage(b);
            List<DomElement> charts = byClass(page, "svg", "ftt-chart");
            assertThat("loss and accuracy for the first job, the same for the second", charts, hasSize(4));
            // training, validation and full validation: a line each; the second job has no validation metrics
            assertThat(lines(charts.get(0)), is(3));
            assertThat(lines(charts.get(1)), is(3));
            assertThat(lines(charts.get(2)), is(1));
            assertThat(lines(charts.get(3)), is(1));
            String firstChart = charts.get(0).asXml();
            assertThat(firstChart, containsString("training loss"));
            assertThat(firstChart, containsString("validation loss"));
            assertThat(firstChart, containsString("full validation loss"));
            assertThat("ticks on both axes", count(firstChart, "<text ") > 8, is(true));
            Matcher firstLine =
                    Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"").matcher(firstChart);
            assertThat(firstLine.find(), is(true));
            List<String> points = List.of(firstLine.group(1).split(" "));
            assertThat("a point per checkpoint", points, hasSize(10));

            List<DomElement> bests = byClass(page, "div", "ftt-best");
            assertThat(bests.get(0).asNormalizedText(), containsString("Lowest validation loss: step " + bestStep));
            assertThat(bests.get(0).asNormalizedText(), endsWith(bestName));
            assertThat(
                    bests.get(1).asNormalizedText(),
                    is("No checkpoint has a validation loss (the job has no validation file)."));
            assertThat(page.asNormalizedText(), containsString(validated));
            assertThat(page.asNormalizedText(), containsString("at most 10 jobs, 200 per job"));

            String source = page.getWebResponse().getContentAsString();
            String summary = source.substring(source.indexOf("ftt-training"), source.lastIndexOf("ftt-bounds"));
            assertThat("no style attribute in the charts", summary, not(containsString("style=")));
            assertThat("no script in the charts", summary, not(containsString("<script")));
            assertThat(alerts.getCollectedAlerts(), is(empty()));

            JsonNode json =
                    JSON.readTree(wc.goTo(b.getUrl() + "fine-tuning-training/api/json?depth=2", "application/json")
                            .getWebResponse()
                            .getContentAsString());
            JsonNode job = json.get("jobs").get(0);
            assertThat(job.get("jobId").asText(), is(validated));
            assertThat(job.get("points").size(), is(10));
            assertThat(job.get("points").get(0).get("step_number").asInt(), is(10));
            assertThat(job.get("points").get(0).has("valid_loss"), is(true));
            assertThat(job.get("best").get("fine_tuned_model_checkpoint").asText(), is(bestName));
            assertThat(json.get("jobs").get(1).get("best").isNull(), is(true));
        }
    }

    @Test
    void azuresTextIsEscapedOnThePage() throws Exception {
        String hostile = emulator.seedJob(JobSeed.withStatus("succeeded")
                .model("<script>alert(1)</script>\"'<img src=x onerror=alert(2)>")
                .validationFile("file-val")
                .totalSteps(20)
                .checkpointInterval(10));
        WorkflowRun b = run("fineTuneCheckpoints(jobId: '" + hostile + "')", Result.SUCCESS);
        assertThat(
                b.getAction(FineTuneTrainingAction.class)
                        .getJobs()
                        .get(0)
                        .getBest()
                        .getCheckpoint(),
                containsString("<script>alert(1)</script>"));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            CollectingAlertHandler alerts = new CollectingAlertHandler();
            wc.setAlertHandler(alerts);
            HtmlPage page = wc.getPage(b);
            String source = page.getWebResponse().getContentAsString();
            assertThat(source, not(containsString("<script>alert(1)")));
            assertThat(source, not(containsString("<img src=x")));
            assertThat(source, containsString("&lt;script>alert(1)&lt;/script>"));
            assertThat(byClass(page, "div", "ftt-best").get(0).asNormalizedText(), containsString("<script>alert(1)"));
            assertThat(alerts.getCollectedAlerts(), is(empty()));
        }
    }

    @Test
    void aJobWithoutCheckpointsYetIsListedWithoutAChart() throws Exception {
        String fresh = emulator.seedJob(JobSeed.running()); // step 0: no checkpoint yet
        WorkflowRun b = run("echo \"read ${fineTuneCheckpoints(jobId: '" + fresh + "').size()}\"", Result.SUCCESS);
        j.assertLogContains("read 0", b);
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.getPage(b);
            assertThat(byClass(page, "svg", "ftt-chart"), is(empty()));
            assertThat(byClass(page, "div", "ftt-none").get(0).asNormalizedText(), is("No checkpoint yet."));
            assertThat(page.asNormalizedText(), not(containsString("No checkpoint has a validation loss")));
            assertThat(page.asNormalizedText(), containsString(fresh));
        }
    }

    @Test
    void aBuildKeepsAtMostTwentyJobsDroppingTheFirstRecorded() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= FineTuneTrainingAction.MAX_JOBS; i++) {
            ids.add(emulator.seedJob(
                    JobSeed.withStatus("succeeded").totalSteps(10).checkpointInterval(5)));
        }
        StringBuilder script = new StringBuilder();
        for (String id : ids) {
            script.append("fineTuneCheckpoints(jobId: '").append(id).append("')\n");
        }
        // read again: replaced in place, nothing added
        script.append("fineTuneCheckpoints(jobId: '").append(ids.get(5)).append("')\n");
        WorkflowRun b = run(script.toString(), Result.SUCCESS);

        FineTuneTrainingAction action = b.getAction(FineTuneTrainingAction.class);
        assertThat(action.getJobs(), hasSize(FineTuneTrainingAction.MAX_JOBS));
        assertThat(action.getDroppedJobs(), is(1));
        assertThat(
                action.getJobs().stream()
                        .map(FineTuneTrainingAction.JobTraining::getJobId)
                        .toList(),
                is(ids.subList(1, ids.size())));
        assertThat(action.getJobs().get(4).getPoints(), hasSize(2));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String text = wc.getPage(b).asNormalizedText();
            assertThat(text, containsString("1 job recorded first is no longer shown."));
            assertThat(text, not(containsString(ids.get(0))));
        }
    }

    @Test
    void parallelBranchesRecordEveryJobOnceAndTheRecordIsSaved() throws Exception {
        List<String> ids = new ArrayList<>();
        StringBuilder branches = new StringBuilder("parallel(");
        for (int i = 0; i < 8; i++) {
            String id = emulator.seedJob(
                    JobSeed.withStatus("succeeded").totalSteps(40).checkpointInterval(10));
            ids.add(id);
            branches.append(i == 0 ? "" : ", ")
                    .append("b")
                    .append(i)
                    .append(": { fineTuneCheckpoints(jobId: '")
                    .append(id)
                    .append("') }");
        }
        WorkflowRun b = run(branches.append(")").toString(), Result.SUCCESS);
        FineTuneTrainingAction action = b.getAction(FineTuneTrainingAction.class);
        assertThat(
                action.getJobs().stream()
                        .map(FineTuneTrainingAction.JobTraining::getJobId)
                        .sorted()
                        .toList(),
                is(ids.stream().sorted().toList()));
        assertThat(action.getJobs().stream().allMatch(job -> job.getPoints().size() == 4), is(true));
        String saved = java.nio.file.Files.readString(new File(b.getRootDir(), "build.xml").toPath());
        for (String id : ids) {
            assertThat("saved as recorded", saved, containsString("<jobId>" + id + "</jobId>"));
        }
    }

    @Test
    void pointsAreMergedByStepBoundedAndSavedWithTheBuild() throws Exception {
        WorkflowRun b = run("echo 'no fine-tuning'", Result.SUCCESS);
        assertThat(b.getAction(FineTuneTrainingAction.class), nullValue());
        String job = "ftjob-bounded";
        FineTuneTrainingAction.recordCheckpoints(b, job, checkpoints(1, 10));
        FineTuneTrainingAction.recordCheckpoints(b, job, checkpoints(5, 15)); // a later reading of steps 5-10 wins
        FineTuneTrainingAction.JobTraining training =
                b.getAction(FineTuneTrainingAction.class).getJobs().get(0);
        assertThat(training.getPoints(), hasSize(15));
        assertThat(training.getPoints().get(6).getCheckpoint(), is("m:ckpt-step-7:reading-5"));
        assertThat(training.getBest().getStep(), is(15L));

        FineTuneTrainingAction.recordCheckpoints(b, job, checkpoints(1, FineTuneTrainingAction.MAX_POINTS + 50));
        training = b.getAction(FineTuneTrainingAction.class).getJobs().get(0);
        assertThat(training.getPoints(), hasSize(FineTuneTrainingAction.MAX_POINTS));
        assertThat("the lowest steps dropped", training.getPoints().get(0).getStep(), is(51L));
        assertThat(training.getDroppedPoints(), is(50));

        for (int i = 1; i < FineTuneTrainingAction.MAX_JOBS; i++) {
            FineTuneTrainingAction.recordCheckpoints(
                    b, "ftjob-full" + i, checkpoints(1, FineTuneTrainingAction.MAX_POINTS));
        }
        long bytes = new File(b.getRootDir(), "build.xml").length();
        System.out.println("build.xml with 20 jobs of 1000 checkpoints each: " + bytes + " bytes");
        assertThat("build.xml bytes", bytes, lessThan(8_000_000L));

        j.jenkins.reload();
        WorkflowRun reloaded = j.jenkins
                .getItemByFullName(b.getParent().getFullName(), WorkflowJob.class)
                .getBuildByNumber(b.getNumber());
        FineTuneTrainingAction loaded = reloaded.getAction(FineTuneTrainingAction.class);
        assertThat(loaded.getJobs(), hasSize(FineTuneTrainingAction.MAX_JOBS));
        assertThat(loaded.getJobs().get(0).getDroppedPoints(), is(50));
        assertThat(loaded.getJobs().get(0).getPoints().get(0).getValidLoss(), is(1.0 / 51));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String text = wc.getPage(reloaded).asNormalizedText();
            assertThat(text, containsString("The 50 lowest steps are not shown"));
        }
    }

    /** Checkpoints of the steps {@code from}..{@code to}, whose validation loss falls with the step. */
    private static List<FineTuningCheckpoint> checkpoints(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(step -> FineTuningCheckpoint.fromJson("{\"id\":\"ftckpt-" + step + "\","
                        + "\"object\":\"fine_tuning.job.checkpoint\",\"step_number\":" + step + ","
                        + "\"fine_tuned_model_checkpoint\":\"m:ckpt-step-" + step + ":reading-" + from + "\","
                        + "\"metrics\":{\"train_loss\":" + (2.0 / step) + ",\"valid_loss\":" + (1.0 / step) + "}}"))
                .toList();
    }

    private static List<DomElement> byClass(HtmlPage page, String tag, String cssClass) {
        List<DomElement> found = new ArrayList<>();
        for (DomElement element : page.getDocumentElement().getElementsByTagName(tag)) {
            if ((" " + element.getAttribute("class") + " ").contains(" " + cssClass + " ")) {
                found.add(element);
            }
        }
        return found;
    }

    /** The lines of a chart (HtmlUnit's element lookups do not reach into SVG: its markup is read instead). */
    private static int lines(DomNode chart) {
        return count(chart.asXml(), "<polyline ");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
