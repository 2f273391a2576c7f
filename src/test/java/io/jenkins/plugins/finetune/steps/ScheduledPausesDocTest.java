package io.jenkins.plugins.finetune.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.buildpage.FineTuneJobsAction;
import io.jenkins.plugins.finetune.emulator.JobSeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Runs the two declarative Jenkinsfiles of docs/scheduled-pauses.md exactly as written (sandboxed), with the
 * endpoint and the credential coming from the global configuration as the page says.
 */
@WithJenkins
class ScheduledPausesDocTest extends FoundryTestSupport {

    private static final Path DOC = Path.of("docs", "scheduled-pauses.md");
    private static final Pattern GROOVY_BLOCK = Pattern.compile("```groovy\\r?\\n(.*?)```", Pattern.DOTALL);

    private List<String> tagged;
    private String untagged;

    @BeforeEach
    void seedJobs() {
        tagged = seedTaggedRunningJobs(3);
        untagged = emulator.seedJob(JobSeed.running().suffix("nightly-x"));
    }

    /** The fenced Groovy blocks of the page that are whole declarative Pipelines, in page order. */
    private static List<String> declarativeJenkinsfiles() throws Exception {
        String page = Files.readString(DOC, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher matcher = GROOVY_BLOCK.matcher(page);
        while (matcher.find()) {
            if (matcher.group(1).startsWith("pipeline {")) {
                out.add(matcher.group(1));
            }
        }
        return out;
    }

    private WorkflowRun run(String jenkinsfile) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(jenkinsfile, true));
        return j.buildAndAssertSuccess(p);
    }

    @Test
    void eveningPauseAndMorningResumeRunAsWritten() throws Exception {
        List<String> jenkinsfiles = declarativeJenkinsfiles();
        assertThat(jenkinsfiles, hasSize(2));
        assertThat(jenkinsfiles.get(0), containsString("triggers { cron('H 20 * * 1-5') }"));

        WorkflowRun evening = run(jenkinsfiles.get(0));
        for (String id : tagged) {
            assertThat(emulator.job(id).status(), is("paused"));
            j.assertLogContains("Fine-tuning job " + id, evening);
        }
        assertThat(emulator.job(untagged).status(), is("running"));
        j.assertLogContains("Paused 3 of 3 selected jobs", evening);
        j.assertLogContains("Bulk pause: paused 3, already paused 0, skipped 0, failed 0", evening);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, evening);
        assertThat(evening.getAction(FineTuneJobsAction.class).getEntries(), hasSize(3));

        WorkflowRun morning = run(jenkinsfiles.get(1));
        for (String id : tagged) {
            assertThat(emulator.job(id).status(), anyOf(is("resuming"), is("running")));
        }
        j.assertLogContains("Bulk resume: resumed 3, already resumed 0, skipped 0, failed 0", morning);
        j.assertLogNotContains(FoundryTestSupport.API_KEY, morning);
    }
}
