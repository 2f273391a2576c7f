package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Jenkins shutting down closes every shared client; after the restart the next call makes a new one. */
class ClientShutdownTest {

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
    void shutdownClosesTheSharedClients() throws Throwable {
        List<String> ids = emulator.seedRunningJobs(2);
        AtomicReference<ClientCache.SharedClient> before = new AtomicReference<>();
        sessions.then(j -> {
            FoundryTestSupport.configureDefaults(emulator);
            WorkflowJob p = j.createProject(WorkflowJob.class, "reader");
            p.setDefinition(new CpsFlowDefinition("fineTuneJob(jobId: '" + ids.get(0) + "')", true));
            j.buildAndAssertSuccess(p);
            assertThat(ClientCache.get().clients(), hasSize(1));
            before.set(ClientCache.get().clients().get(0));
            assertThat(before.get().isClosed(), is(false));
        });
        assertThat("closed by the shutdown", before.get().isClosed(), is(true));
        sessions.then(j -> {
            assertThat(ClientCache.get().clients(), empty());
            WorkflowJob p = j.jenkins.getItemByFullName("reader", WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition("fineTuneJob(jobId: '" + ids.get(1) + "')", true));
            j.buildAndAssertSuccess(p);
            assertThat(ClientCache.get().clients(), hasSize(1));
            assertThat(ClientCache.get().clients().get(0).isClosed(), is(false));
        });
    }
}
