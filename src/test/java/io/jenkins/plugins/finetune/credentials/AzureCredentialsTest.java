package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.microsoft.azure.util.AzureBaseCredentials;
import com.microsoft.azure.util.AzureCredentials;
import com.microsoft.azure.util.AzureImdsCredentials;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import reactor.core.publisher.Mono;

/**
 * Service principal and managed identity credentials. The Jenkins side is real (azure-credentials'
 * credential types, lookup, tracking, the resolver and the bearer adapter); only the azure-identity
 * {@link TokenCredential} is stubbed, at the client boundary, since Entra ID cannot be reached from a test.
 */
@WithJenkins
class AzureCredentialsTest {

    private static final String TOKEN = "entra-token-0c9b5e7a";

    private JenkinsRule j;
    private FineTuningEmulator emulator;
    private Function<AzureBaseCredentials, TokenCredential> originalFactory;
    private final List<String> requestedScopes = new CopyOnWriteArrayList<>();
    private final List<String> credentialIds = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder().bearerToken(TOKEN).build().start();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setMaxRetries(0);
        originalFactory = AzureCredentialResolver.tokenCredentialFactory;
        AzureCredentialResolver.tokenCredentialFactory = credentials -> {
            credentialIds.add(credentials.getId());
            return context -> {
                requestedScopes.addAll(context.getScopes());
                return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
            };
        };
    }

    @AfterEach
    void tearDown() {
        AzureCredentialResolver.tokenCredentialFactory = originalFactory;
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    private WorkflowRun pauseWith(String credentialsId, String jobId, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(
                "def job = pauseFineTune(jobId: '" + jobId + "', credentialsId: '" + credentialsId + "')\n"
                        + "echo \"status=${job.status}\"",
                true));
        return j.buildAndAssertStatus(expected, p);
    }

    /** Service principal credentials with the id {@code sp}. */
    private static void addServicePrincipal(String clientSecret) throws Exception {
        FoundryTestSupport.addCredentials(new AzureCredentials(
                CredentialsScope.GLOBAL,
                "sp",
                "service principal",
                "subscription-id",
                "client-id",
                Secret.fromString(clientSecret)));
    }

    @Test
    void servicePrincipalSendsABearerTokenForTheCognitiveServicesScope() throws Exception {
        addServicePrincipal("client-secret-not-to-log");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("sp", id, Result.SUCCESS);

        j.assertLogContains("status=", b);
        j.assertLogNotContains(TOKEN, b);
        j.assertLogNotContains("client-secret-not-to-log", b);
        assertThat(credentialIds, contains("sp"));
        assertThat(requestedScopes, hasItem(FoundryCredential.COGNITIVE_SERVICES_SCOPE));
        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests.stream().map(r -> r.header("Authorization")).toList(), everyItem(is("Bearer " + TOKEN)));
        assertThat(requests.stream().map(r -> r.header("api-key")).toList(), everyItem(is((String) null)));
    }

    @Test
    void managedIdentitySendsABearerToken() throws Exception {
        FoundryTestSupport.addCredentials(
                new AzureImdsCredentials(CredentialsScope.GLOBAL, "mi", "managed identity", "Azure"));
        String id = emulator.seedRunningJobs(1).get(0);

        pauseWith("mi", id, Result.SUCCESS);

        assertThat(credentialIds, contains("mi"));
        assertThat(emulator.job(id).status(), not(is("running")));
    }

    @Test
    void tokenThatTheServiceRejectsFailsWith401() throws Exception {
        AzureCredentialResolver.tokenCredentialFactory = credentials -> context -> Mono.just(new AccessToken(
                "a-token-the-emulator-rejects", OffsetDateTime.now().plusHours(1)));
        addServicePrincipal("client-secret");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("sp", id, Result.FAILURE);

        j.assertLogContains("401", b);
        j.assertLogNotContains("a-token-the-emulator-rejects", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void failureToObtainATokenFailsTheBuildClearly() throws Exception {
        AzureCredentialResolver.tokenCredentialFactory = credentials ->
                context -> Mono.error(new IllegalStateException("AADSTS7000215: Invalid client secret provided"));
        addServicePrincipal("client-secret");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("sp", id, Result.FAILURE);

        j.assertLogContains("Microsoft Entra ID token", b);
        assertThat(emulator.job(id).status(), is("running"));
    }
}
