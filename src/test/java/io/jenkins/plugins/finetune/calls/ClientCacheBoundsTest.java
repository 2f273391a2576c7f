package io.jenkins.plugins.finetune.calls;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@link ClientCache} is bounded in size: a Pipeline that loops over many endpoints does not keep a client (a
 * connection pool) per endpoint, an evicted client is closed once free, and a client a call still holds is never
 * closed by an eviction.
 */
@WithJenkins
class ClientCacheBoundsTest extends FoundryTestSupport {

    private static final int ENDPOINTS = 200;

    @BeforeEach
    void anyEndpointAllowed() {
        // The endpoints are not configured resources: allow them explicitly, whatever the default is.
        FoundryFineTuningConfiguration.get().setRestrictEndpoints(false);
    }

    /** 200 distinct endpoints, all the emulator on 127.0.0.1 under another path: 200 distinct clients asked for. */
    private String endpoint(int i) {
        return emulator.baseUrl() + "/tenant-" + i;
    }

    @Test
    void aPipelineLoopingOverManyEndpointsDoesNotGrowTheCachePastItsBound() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        WorkflowRun b = run(
                "int answered = 0\n"
                        + "for (int i = 0; i < " + ENDPOINTS + "; i++) {\n"
                        + "  try {\n"
                        + "    fineTuneJob(jobId: '" + id + "', endpoint: \"" + emulator.baseUrl()
                        + "/tenant-${i}\")\n"
                        + "    answered++\n"
                        + "  } catch (err) {\n"
                        + "    answered++\n" // the emulator knows no /tenant-i path: an error, but a call all the same
                        + "  }\n"
                        + "}\n"
                        + "echo \"calls made: ${answered}\"\n",
                Result.SUCCESS);

        j.assertLogContains("calls made: " + ENDPOINTS, b);
        assertThat("every endpoint was called", emulator.requestCount(), is(ENDPOINTS));
        List<ClientCache.SharedClient> kept = ClientCache.get().clients();
        assertThat(kept.size(), lessThanOrEqualTo(ClientCache.DEFAULT_MAX_SIZE));
        assertThat(kept.stream().filter(ClientCache.SharedClient::isClosed).toList(), hasSize(0));
        assertThat(ClientCache.get().credentials(), hasSize(1));
    }

    @Test
    void aLeasedClientIsNeverClosedByEvictionAndEveryEvictedFreeClientIsClosed() throws Exception {
        String id = emulator.seedRunningJobs(1).get(0);
        ClientCache cache = ClientCache.get();
        StandardCredentials found = credentials();
        SharedCredential credential = cache.credential(found, FoundryCredentialResolver.forCredentials(found), null);
        Connection home = Connection.resolve(new FoundryTarget(null, emulator.baseUrl(), null, null), j.jenkins);

        List<ClientCache.SharedClient> others = new ArrayList<>();
        ClientCache.SharedClient held;
        try (ClientLease lease = cache.lease(home, credential)) {
            held = lease.shared();
            for (int i = 0; i < ENDPOINTS; i++) {
                Connection other = Connection.resolve(new FoundryTarget(null, endpoint(i), null, null), j.jenkins);
                try (ClientLease brief = cache.lease(other, credential)) {
                    others.add(brief.shared());
                }
                assertThat(cache.clients().size(), lessThanOrEqualTo(ClientCache.DEFAULT_MAX_SIZE));
            }
            assertThat("still open while leased", held.isClosed(), is(false));
            assertThat("and still works", lease.client().get(id).id(), is(id));
        }

        List<ClientCache.SharedClient> kept = cache.clients();
        List<ClientCache.SharedClient> evicted =
                others.stream().filter(c -> !kept.contains(c)).toList();
        assertThat(
                "most of the 200 were evicted",
                evicted.size(),
                greaterThan(ENDPOINTS - ClientCache.DEFAULT_MAX_SIZE - 1));
        assertThat(
                "every evicted client is closed",
                evicted.stream().allMatch(ClientCache.SharedClient::isClosed),
                is(true));
        assertThat("every kept client is open", kept.stream().noneMatch(ClientCache.SharedClient::isClosed), is(true));
        assertThat(
                "the held client: closed once free if evicted, open if kept",
                held.isClosed(),
                is(!kept.contains(held)));
    }

    private static StandardCredentials credentials() {
        return CredentialsProvider.lookupStores(Jenkins.get())
                .iterator()
                .next()
                .getCredentials(Domain.global())
                .stream()
                .filter(c -> c instanceof StandardCredentials s && s.getId().equals(CREDENTIALS_ID))
                .map(StandardCredentials.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
