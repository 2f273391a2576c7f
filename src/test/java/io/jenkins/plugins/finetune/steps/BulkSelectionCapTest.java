package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import java.io.File;
import java.util.concurrent.atomic.AtomicLong;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A bulk step against a listing that answers {@code has_more: true} for ever stops at the administrator's cap
 * ({@code maxBulkJobs}) with a clear error and no stack trace, changes nothing, and never saves more than the cap.
 */
@WithJenkins
class BulkSelectionCapTest extends FoundryTestSupport {

    @BeforeEach
    void anyEndpointAllowed() {
        // The endless listing is not a configured resource: allow it explicitly, whatever the default is.
        FoundryFineTuningConfiguration.get().setRestrictEndpoints(false);
    }

    @Test
    void anEndlessListingOfMatchingJobsFailsAtTheCapAndChangesNothing() throws Exception {
        FoundryFineTuningConfiguration.get().setMaxBulkJobs(500);
        try (EndlessListing listing = EndlessListing.start(100, "running")) {
            WorkflowJob p = j.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(
                    "pauseFineTunes(endpoint: '" + listing.baseUrl() + "', status: 'running')", true));
            AtomicLong largestProgramDat = new AtomicLong();
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            while (b.isBuilding()) {
                largestProgramDat.accumulateAndGet(new File(b.getRootDir(), "program.dat").length(), Math::max);
                Thread.sleep(20);
            }
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));

            j.assertLogContains(
                    "Could not pause fine-tuning jobs: more than 500 jobs were selected (after 501 listed), the most"
                            + " one bulk pause may select, so the selection stopped there. No job was paused: select"
                            + " fewer jobs with status, suffix, suffixRegex, model or metadata, or ask a Jenkins"
                            + " administrator to raise 'Most jobs one bulk change may select' (maxBulkJobs, now 500)",
                    b);
            j.assertLogNotContains("\tat ", b); // no stack trace
            j.assertLogNotContains("Exception", b);
            assertThat("pages of 100 until the 501st job", listing.pages(), is(6));
            assertThat(
                    "no job of the partial selection in the saved program",
                    largestProgramDat.get(),
                    lessThan(64L * 1024));
            assertThat(new File(b.getRootDir(), "build.xml").length(), lessThan(64L * 1024));
        }
    }

    @Test
    void anEndlessListingOfJobsThatNeverMatchFailsAtTenTimesTheCap() throws Exception {
        FoundryFineTuningConfiguration.get().setMaxBulkJobs(50);
        try (EndlessListing listing = EndlessListing.start(100, "succeeded")) {
            WorkflowRun b = run(
                    "pauseFineTunes(endpoint: '" + listing.baseUrl() + "', metadata: [pause_at_night: 'true'])",
                    Result.FAILURE);

            j.assertLogContains(
                    "Could not pause fine-tuning jobs: the listing went past 500 jobs (0 of them selected) and Azure"
                            + " still said more follow, so the selection stopped there",
                    b);
            j.assertLogContains("(maxBulkJobs, now 50)", b);
            j.assertLogNotContains("\tat ", b);
            assertThat("pages of 100 until the 501st job", listing.pages(), is(6));
        }
    }

    @Test
    void aHostileListedIdFailsTheStepBeforeItIsStoredOrSentBack() throws Exception {
        try (EndlessListing listing =
                EndlessListing.start(3, "running", n -> n == 2 ? "ftjob-ok/../../deployments" : "ftjob-ok-" + n)) {
            WorkflowRun b =
                    run("pauseFineTunes(endpoint: '" + listing.baseUrl() + "', suffix: 'endless')", Result.FAILURE);

            j.assertLogContains(
                    "Could not pause fine-tuning jobs: the listing of fine-tuning jobs returned an id that is not a"
                            + " fine-tuning job id, so the selection stopped there: id: 'ftjob-ok/../../deployments'"
                            + " is not a fine-tuning job id",
                    b);
            j.assertLogContains("No job was paused.", b);
            j.assertLogNotContains("\tat ", b);
            assertThat("the first page only", listing.pages(), is(1));
        }
    }

    @Test
    void aLongSuffixRegexIsRefusedNamingTheArgument() throws Exception {
        WorkflowRun b = run("pauseFineTunes(suffixRegex: '" + "x".repeat(600) + "')", Result.FAILURE);

        j.assertLogContains("Bulk pause: suffixRegex: is 600 characters long; at most 512 are allowed", b);
        j.assertLogNotContains("\tat ", b);
        assertThat("nothing sent", emulator.requestCount(), is(0));
    }

    /**
     * The wait after a change lists as far as a selection may, then waits for the next poll: a listing that says
     * "more follow" for ever, without the jobs waited on, cannot hold a call thread for good.
     */
    @Test
    void theWaitsPollsListNoFurtherThanASelectionMay() throws Exception {
        FoundryFineTuningConfiguration.get().setMaxBulkJobs(5); // at most 50 listed per poll: one page of 100
        try (EndlessListing listing = EndlessListing.start(100, "running")) {
            WorkflowRun b = run(
                    "def r = pauseFineTunes(endpoint: '" + listing.baseUrl() + "', jobIds: 'ftjob-a,ftjob-b',"
                            + " wait: true, timeout: 4, failOnError: false)\n"
                            + "echo \"outcomes: ${r.collect { it.id + '=' + it.outcome }}\"",
                    Result.SUCCESS);

            j.assertLogContains("Waiting for 2 fine-tuning jobs to be paused", b);
            j.assertLogContains("Bulk pause: timed out after 4 s waiting for 2 jobs to be paused", b);
            j.assertLogContains("outcomes: [ftjob-a=", b);
            j.assertLogNotContains("\tat ", b);
            assertThat("one page per poll, a few polls in 4 s", listing.pages(), lessThan(10));
            assertThat(listing.pages(), greaterThanOrEqualTo(1));
        }
    }
}
