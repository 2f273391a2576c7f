package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsUseListener;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.Node;
import hudson.model.Run;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A build's use of its credentials is tracked once per build and version of the credentials, not on every poll:
 * each tracking rewrites the credentials' fingerprint under one lock, which hundreds of waiting builds would queue on.
 */
@WithJenkins
class CredentialTrackingTest extends FoundryTestSupport {

    @Test
    void aBuildThatPollsManyTimesIsTrackedOnce() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        emulator.faults().clear();
        WorkflowJob p = j.createProject(WorkflowJob.class);
        // pausing lasts 300 ms in the emulator: reading the job a few times after is the same credential each time
        p.setDefinition(new CpsFlowDefinition(
                "pauseFineTune(jobId: '" + id + "', wait: true)\n"
                        + "for (int i = 0; i < 5; i++) { fineTuneJob(jobId: '" + id + "') }",
                true));
        WorkflowRun b = j.buildAndAssertSuccess(p);

        long calls = emulator.requests().stream()
                .filter(r -> r.path().contains("/fine_tuning/jobs/"))
                .map(RecordedRequest::path)
                .count();
        assertThat("the build called Azure many times", (int) calls, greaterThanOrEqualTo(7));
        assertThat("tracked once", Uses.of(b), is(1));
        Fingerprint fingerprint = CredentialsProvider.getFingerprintOf(
                CredentialsProvider.findCredentialById(CREDENTIALS_ID, IdCredentials.class, b));
        assertThat("the build is recorded as a user", fingerprint.getRangeSet(p).includes(b.getNumber()), is(true));
    }

    @Test
    void eachBuildIsTracked() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("fineTuneJob(jobId: '" + id + "')", true));
        WorkflowRun first = j.buildAndAssertSuccess(p);
        WorkflowRun second = j.buildAndAssertSuccess(p);
        assertThat(Uses.of(first), is(1));
        assertThat(Uses.of(second), is(1));
    }

    /** Counts the uses the credentials plugin reports, per build. */
    @TestExtension
    public static final class Uses implements CredentialsUseListener {

        private static final Map<String, AtomicInteger> BY_RUN = new ConcurrentHashMap<>();

        static int of(Run<?, ?> run) {
            AtomicInteger count = BY_RUN.get(key(run));
            return count == null ? 0 : count.get();
        }

        @Override
        public void onUse(Credentials c, Run run) {
            BY_RUN.computeIfAbsent(key(run), k -> new AtomicInteger()).incrementAndGet();
        }

        /** Each test's Jenkins numbers its jobs anew: the start time tells their builds apart. */
        private static String key(Run<?, ?> run) {
            return run.getExternalizableId() + "@" + run.getTimeInMillis();
        }

        @Override
        public void onUse(Credentials c, Node node) {}

        @Override
        public void onUse(Credentials c, Item item) {}
    }
}
