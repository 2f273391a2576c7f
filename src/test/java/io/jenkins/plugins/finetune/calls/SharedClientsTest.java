package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainCredentials;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The controller-wide {@link ClientCache}: one client (one connection) per connection and credential across
 * polls and builds, a rotated key used from the next call on, a deleted credential refused at the next call,
 * credentials still looked up as each build, idle clients closed, and none closed under a call.
 */
@WithJenkins
class SharedClientsTest extends FoundryTestSupport {

    private static final String ROTATED_KEY = "emulator-api-key-rotated-71e0c3";

    @AfterEach
    void clearIdleTime() {
        System.clearProperty(ClientCache.IDLE_TIME);
    }

    /** An emulator whose pauses last long enough for a wait to poll several times. */
    private void slowPauses(Duration pauseDelay) {
        emulator.close();
        emulator = FineTuningEmulator.builder()
                .apiKey(API_KEY)
                .pauseDelay(pauseDelay)
                .build()
                .start();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
    }

    private WorkflowJob pipeline(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    private static String pauseAndWait(String jobId) {
        return "def job = pauseFineTune(jobId: '" + jobId + "', wait: true, timeout: 120)\n"
                + "echo \"final status: ${job.status}\"";
    }

    @Test
    void oneBuildThatPollsManyTimesUsesOneClientAndOneConnection() throws Exception {
        slowPauses(Duration.ofSeconds(5));
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = j.buildAndAssertSuccess(pipeline(pauseAndWait(id)));

        j.assertLogContains("final status: paused", b);
        assertThat("a pause and several polls", emulator.requestCount(), greaterThanOrEqualTo(4));
        assertThat(emulator.connectionsSeen(), is(1));
        assertThat(ClientCache.get().clients(), hasSize(1));
        assertThat(ClientCache.get().credentials(), hasSize(1));
    }

    @Test
    void buildsOnTheSameConnectionShareTheClientAndItsConnection() throws Exception {
        List<String> ids = emulator.seedRunningJobs(2);
        String reads = "fineTuneJob(jobId: '" + ids.get(0) + "')\n" + "fineTuneJob(jobId: '" + ids.get(1) + "')";
        j.buildAndAssertSuccess(pipeline(reads));
        j.buildAndAssertSuccess(pipeline(reads));
        j.buildAndAssertSuccess(pipeline(reads));

        assertThat(emulator.requestCount(), is(6));
        assertThat(emulator.connectionsSeen(), is(1));
        assertThat(ClientCache.get().clients(), hasSize(1));
    }

    @Test
    void differentSettingsGetDifferentClients() throws Exception {
        List<String> ids = emulator.seedRunningJobs(2);
        j.buildAndAssertSuccess(pipeline("fineTuneJob(jobId: '" + ids.get(0) + "')"));
        j.buildAndAssertSuccess(pipeline("fineTuneJob(jobId: '" + ids.get(0) + "', apiVersion: 'preview')"));
        FoundryFineTuningConfiguration.get().setResponseTimeoutSeconds(45);
        j.buildAndAssertSuccess(pipeline("fineTuneJob(jobId: '" + ids.get(1) + "', apiVersion: 'preview')"));

        assertThat(ClientCache.get().clients(), hasSize(3)); // v1, preview, preview with the new timeout
        assertThat(ClientCache.get().credentials(), hasSize(1));
    }

    @Test
    void aKeyRotatedBetweenBuildsIsUsedByTheNextBuild() throws Exception {
        List<String> ids = emulator.seedRunningJobs(2);
        j.buildAndAssertSuccess(pipeline("pauseFineTune(jobId: '" + ids.get(0) + "')"));

        rotateKey();
        int before = emulator.requestCount();
        j.buildAndAssertSuccess(pipeline("pauseFineTune(jobId: '" + ids.get(1) + "')"));

        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests.get(0).header("api-key"), is(API_KEY));
        assertThat(
                requests.subList(before, requests.size()).stream()
                        .map(r -> r.header("api-key"))
                        .toList(),
                everyItem(is(ROTATED_KEY)));
    }

    @Test
    void aKeyRotatedDuringAWaitIsUsedFromTheNextPollOn() throws Exception {
        slowPauses(Duration.ofSeconds(5));
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = pipeline(pauseAndWait(id)).scheduleBuild2(0).waitForStart();
        j.waitForMessage("running → pausing", b); // the first poll is a second away

        rotateKey(); // the emulator now refuses the old key: a poll with it would fail the build
        int before = emulator.requestCount();

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("final status: paused", b);
        j.assertLogNotContains(ROTATED_KEY, b);
        List<RecordedRequest> polls = emulator.requests().subList(before, emulator.requestCount());
        assertThat(polls, not(empty()));
        assertThat(polls.stream().map(r -> r.header("api-key")).toList(), everyItem(is(ROTATED_KEY)));
    }

    @Test
    void aCredentialDeletedDuringAWaitFailsTheNextPoll() throws Exception {
        slowPauses(Duration.ofSeconds(30));
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = pipeline(pauseAndWait(id)).scheduleBuild2(0).waitForStart();
        j.waitForMessage("running → pausing", b);
        int before = emulator.requestCount();

        CredentialsStore store = systemStore();
        store.removeCredentials(Domain.global(), find(CREDENTIALS_ID));

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("Cannot find credentials with id '" + CREDENTIALS_ID + "'", b);
        assertThat("no request after the deletion", emulator.requestCount(), is(before));
    }

    @Test
    void aWarmCacheNeverLendsACredentialToAJobThatCannotSeeIt() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        addToFolder(
                team,
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "team-key", "team key", Secret.fromString(API_KEY)));
        List<String> ids = emulator.seedRunningJobs(2);
        WorkflowJob inTeam = team.createProject(WorkflowJob.class, "in-team");
        inTeam.setDefinition(
                new CpsFlowDefinition("pauseFineTune(jobId: '" + ids.get(0) + "', credentialsId: 'team-key')", true));
        j.buildAndAssertSuccess(inTeam);

        WorkflowRun outside = j.buildAndAssertStatus(
                Result.FAILURE, pipeline("pauseFineTune(jobId: '" + ids.get(1) + "', credentialsId: 'team-key')"));

        j.assertLogContains("Cannot find credentials with id 'team-key'", outside);
        assertThat(emulator.job(ids.get(1)).status(), is("running"));
    }

    @Test
    void idleClientsAreClosedAndTheNextCallMakesANewOne() throws Exception {
        System.setProperty(ClientCache.IDLE_TIME, "1");
        List<String> ids = emulator.seedRunningJobs(2);
        j.buildAndAssertSuccess(pipeline("pauseFineTune(jobId: '" + ids.get(0) + "')"));
        ClientCache.SharedClient first = ClientCache.get().clients().get(0);

        await(() -> ClientCache.get().clients().isEmpty(), "the idle client is evicted");
        assertThat(first.isClosed(), is(true));
        assertThat(ClientCache.get().credentials(), empty());

        j.buildAndAssertSuccess(pipeline("pauseFineTune(jobId: '" + ids.get(1) + "')"));
        assertThat(ClientCache.get().clients(), hasSize(1));
        assertThat(ClientCache.get().clients().get(0).isClosed(), is(false));
    }

    @Test
    void aClientIsNeverClosedWhileACallHoldsIt() throws Exception {
        System.setProperty(ClientCache.IDLE_TIME, "1");
        String id = emulator.seedRunningJobs(1).get(0);
        ClientCache cache = ClientCache.get();
        Connection connection = Connection.resolve(new FoundryTarget(null, null, null, null), j.jenkins);
        StandardCredentials found = find(CREDENTIALS_ID);
        SharedCredential credential =
                cache.credential(found, FoundryCredentialResolver.forCredentials(found), connection.tokenScope());

        ClientCache.SharedClient shared;
        try (ClientLease lease = cache.lease(connection, credential)) {
            shared = cache.clients().get(0);
            Thread.sleep(1500); // longer than the idle time
            cache.sweep();
            assertThat(shared.isClosed(), is(false));
            assertThat(lease.client().get(id).id(), is(id));

            cache.closeAll(); // as at shutdown: retired, closed when the call is done
            assertThat(shared.isClosed(), is(false));
            assertThat(lease.client().get(id).id(), is(id));
        }
        assertThat(shared.isClosed(), is(true));
    }

    private void rotateKey() throws Exception {
        emulator.apiKey(ROTATED_KEY);
        CredentialsStore store = systemStore();
        store.updateCredentials(
                Domain.global(),
                find(CREDENTIALS_ID),
                new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, CREDENTIALS_ID, "Foundry API key", Secret.fromString(ROTATED_KEY)));
    }

    private static CredentialsStore systemStore() {
        return CredentialsProvider.lookupStores(Jenkins.get()).iterator().next();
    }

    private static void addToFolder(Folder folder, Credentials credentials) throws Exception {
        for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
            if (store.getContext() == folder) {
                store.addCredentials(Domain.global(), credentials);
                return;
            }
        }
        folder.addProperty(new FolderCredentialsProvider.FolderCredentialsProperty(
                new DomainCredentials[] {new DomainCredentials(Domain.global(), List.of(credentials))}));
    }

    private static StandardCredentials find(String id) {
        for (Credentials c : systemStore().getCredentials(Domain.global())) {
            if (c instanceof StandardCredentials standard && standard.getId().equals(id)) {
                return standard;
            }
        }
        throw new AssertionError("no credentials " + id);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
