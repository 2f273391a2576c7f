package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.Fault;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class BulkStepsTest extends FoundryTestSupport {

    private List<String> tagged;

    @BeforeEach
    void seedJobs() {
        tagged = seedTaggedRunningJobs(3);
        emulator.seedJob(JobSeed.running().suffix("other"));
    }

    @Test
    void dryRunSendsNoPostAndChangesNothing() throws Exception {
        emulator.clearRequests();
        WorkflowRun b = run(
                "def preview = pauseFineTunes(metadata: [pause_at_night: 'true'], suffix: 'nightly-', dryRun: true)\n"
                        + "preview.each { echo \"${it.id}: ${it.outcome} (${it.status})\" }\n"
                        + "assert preview.size() == 3\n"
                        + "assert preview.every { it.outcome == 'would_pause' && it.error == null }\n",
                Result.SUCCESS);
        for (String id : tagged) {
            j.assertLogContains(id + ": would_pause (running)", b);
            assertThat(emulator.job(id).status(), is("running"));
        }
        j.assertLogContains("Bulk pause (dry run): would pause 3, already paused 0, skipped 0, failed 0", b);
        List<RecordedRequest> posts = emulator.requests().stream()
                .filter(r -> !r.method().equals("GET"))
                .toList();
        assertThat(posts, empty());
    }

    @Test
    void noSelectionNeedsAllTrue() throws Exception {
        WorkflowRun refused = run("pauseFineTunes()", Result.FAILURE);
        j.assertLogContains("no jobs were selected, so this would pause every running job", refused);
        j.assertLogContains("pass all: true if every one is meant", refused);
        assertThat(emulator.job(tagged.get(0)).status(), is("running"));

        WorkflowRun both = run("pauseFineTunes(all: true, suffix: 'nightly-')", Result.FAILURE);
        j.assertLogContains("all:", both);

        WorkflowRun everything = run("pauseFineTunes(all: true)", Result.SUCCESS);
        j.assertLogContains("Bulk pause: paused 4, already paused 0, skipped 0, failed 0", everything);
    }

    @Test
    void anUnknownStatusIsAnErrorUnlessAllowed() throws Exception {
        WorkflowRun typo = run("pauseFineTunes(status: 'runing')", Result.FAILURE);
        j.assertLogContains("runing", typo);
        j.assertLogContains("running", typo); // the known statuses are listed
        assertThat(emulator.job(tagged.get(0)).status(), is("running"));

        WorkflowRun allowed = run("pauseFineTunes(status: 'runing', allowUnknownStatus: true)", Result.SUCCESS);
        j.assertLogContains("Bulk pause: paused 0", allowed);
    }

    @Test
    void oneFailedJobFailsTheBuildWithTheSummary() throws Exception {
        String failing = tagged.get(1);
        emulator.faults().next(Fault.status(403).onlyFor("POST", failing + "/pause"));
        WorkflowRun b = run("pauseFineTunes(metadata: [pause_at_night: 'true'])", Result.FAILURE);
        j.assertLogContains("Fine-tuning job " + failing + ": failed: ", b);
        j.assertLogContains("Bulk pause failed: paused 2, already paused 0, skipped 0, failed 1", b);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, b);
        assertThat(emulator.job(failing).status(), is("running"));
        assertThat(emulator.job(tagged.get(0)).status(), anyOf(is("pausing"), is("paused")));
        assertThat(emulator.job(tagged.get(2)).status(), anyOf(is("pausing"), is("paused")));
        List<String> outcomes = b.getAction(FineTuneJobsAction.class).getEntries().stream()
                .map(FineTuneJobsAction.Entry::getOutcome)
                .toList();
        assertThat(outcomes, org.hamcrest.Matchers.containsInAnyOrder("paused", "paused", "failed"));
    }

    @Test
    void failuresAreOnlyReportedWithoutFailOnError() throws Exception {
        String failing = tagged.get(0);
        emulator.faults().next(Fault.status(403).onlyFor("POST", failing + "/pause"));
        WorkflowRun b = run(
                "def results = pauseFineTunes(metadata: [pause_at_night: 'true'], failOnError: false)\n"
                        + "def failed = results.findAll { it.outcome == 'failed' }\n"
                        + "assert failed.size() == 1\n"
                        + "echo \"failed=${failed[0].id} error=${failed[0].error != null}\"\n",
                Result.SUCCESS);
        j.assertLogContains("failed=" + failing + " error=true", b);
        j.assertLogContains("paused 2, already paused 0, skipped 0, failed 1", b);
    }

    @Test
    void theResultCountsItsOutcomesInTheSandbox() throws Exception {
        String failing = tagged.get(0);
        String paused = emulator.seedJob(JobSeed.withStatus("paused"));
        emulator.faults().next(Fault.status(403).onlyFor("POST", failing + "/pause"));
        WorkflowRun b = run(
                "def r = pauseFineTunes(jobIds: ['" + String.join("', '", tagged) + "', '" + paused + "'],"
                        + " failOnError: false)\n"
                        + "assert r.counts() == [paused: 2, already_paused: 1, would_pause: 0, skipped: 0, failed: 1]\n"
                        + "assert r.counts().failed == r.findAll { it.outcome == 'failed' }.size()\n"
                        + "assert r.size() == 4 && r.every { it instanceof LinkedHashMap && it.size() == 4 }\n"
                        + "r.removeAll(r.findAll { it.outcome == 'failed' })\n"
                        + "r.add('not a job')\n"
                        + "r.add([outcome: 42])\n"
                        + "assert r.counts().failed == 0 && r.counts().paused == 2 && r.counts().size() == 5\n"
                        + "def s = resumeFineTunes(jobIds: '" + paused + "', dryRun: true)\n"
                        + "echo \"resume counts: ${s.counts()}\"\n",
                Result.SUCCESS);
        j.assertLogContains("resume counts: [resumed:0, already_resumed:0, would_resume:1, skipped:0, failed:0]", b);
        j.assertLogContains("paused 2, already paused 1, skipped 0, failed 1", b);
    }

    @Test
    void explicitIdsAsListOrStringAndResume() throws Exception {
        String paused = emulator.seedJob(JobSeed.withStatus("paused"));
        WorkflowRun b = run(
                "def r = pauseFineTunes(jobIds: ['" + tagged.get(0) + "', '" + paused + "'], concurrency: 2)\n"
                        + "assert r.collect { it.outcome } == ['paused', 'already_paused']\n"
                        + "def s = resumeFineTunes(jobIds: '" + paused + "')\n"
                        + "assert s.size() == 1 && s[0].outcome == 'resumed'\n",
                Result.SUCCESS);
        j.assertLogContains("Bulk resume: resumed 1", b);
        assertThat(emulator.job(paused).status(), anyOf(is("resuming"), is("running")));
    }

    @Test
    void statusAsAListAndWrongArgumentsNameTheArgument() throws Exception {
        WorkflowRun ok = run(
                "def r = pauseFineTunes(status: ['running', 'queued'], suffixRegex: 'nightly-[0-9]+', dryRun: true)\n"
                        + "assert r.size() == 3\n",
                Result.SUCCESS);
        j.assertLogContains("would pause 3", ok);
        WorkflowRun bad = run("pauseFineTunes(suffix: 'nightly-', concurrency: 0)", Result.FAILURE);
        j.assertLogContains("concurrency", bad);
        WorkflowRun badMetadata = run("pauseFineTunes(metadata: 'no-equals-sign')", Result.FAILURE);
        j.assertLogContains("metadata", badMetadata);
    }

    @Test
    void snippetGeneratorProducesWorkingLines() throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        PauseFineTunesStep pause = new PauseFineTunesStep();
        pause.setMetadata("pause_at_night=true");
        pause.setWait(true);
        st.assertRoundTrip(pause, "pauseFineTunes metadata: [pause_at_night: 'true'], wait: true");

        ResumeFineTunesStep resume = new ResumeFineTunesStep();
        resume.setJobIds("ftjob-0123456789abcdef0123456789abcdef ftjob-fedcba9876543210fedcba9876543210");
        resume.setStatus("paused");
        resume.setFailOnError(false);
        st.assertRoundTrip(
                resume,
                "resumeFineTunes failOnError: false, jobIds: ['ftjob-0123456789abcdef0123456789abcdef', "
                        + "'ftjob-fedcba9876543210fedcba9876543210'], status: 'paused'");

        FineTuneJobsStep list = new FineTuneJobsStep();
        list.setStatus("running, queued");
        list.setLimit(10);
        st.assertRoundTrip(list, "fineTuneJobs limit: 10, status: ['running', 'queued']");

        SnippetizerTester.assertDocGeneration(PauseFineTunesStep.class);
        SnippetizerTester.assertDocGeneration(FineTuneJobsStep.class);
    }

    @Test
    void everyReturnedValueIsPlainData() throws Exception {
        WorkflowRun b = run(
                "def r = pauseFineTunes(metadata: [pause_at_night: 'true'], dryRun: true)\n"
                        + "assert r instanceof ArrayList\n"
                        + "assert r.every { it instanceof LinkedHashMap }\n"
                        + "assert r.every { it.size() == 4 && it.id != null && it.outcome == 'would_pause' }\n",
                Result.SUCCESS);
        assertThat(
                b.getAction(FineTuneJobsAction.class).getEntries().stream()
                        .map(FineTuneJobsAction.Entry::getOutcome)
                        .toList(),
                everyItem(is("would_pause")));
    }
}
