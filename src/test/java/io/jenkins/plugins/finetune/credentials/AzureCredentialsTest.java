package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.microsoft.azure.util.AzureBaseCredentials;
import com.microsoft.azure.util.AzureCredentials;
import com.microsoft.azure.util.AzureImdsCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import reactor.core.publisher.Mono;

/**
 * Service principal and managed identity credentials. The Jenkins side is real (azure-credentials'
 * credential types and Azure environments, lookup, tracking, the resolver choosing the scope, the bearer
 * adapter); Entra ID cannot be reached from a test, so the token source is a {@link TestExtension} of the
 * plugin's own {@link AzureTokenCredentials} extension point, which outranks the built-in one.
 */
@WithJenkins
public class AzureCredentialsTest {

    /** The token {@link LocalTokenIssuer} hands out by default; the emulator of a test accepts it. */
    public static final String TOKEN = "entra-token-0c9b5e7a";

    private JenkinsRule j;
    private FineTuningEmulator emulator;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder().bearerToken(TOKEN).build().start();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        FoundryFineTuningConfiguration.get().setMaxRetries(0);
    }

    @AfterEach
    void tearDown() {
        emulator.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    private static LocalTokenIssuer issuer() {
        return ExtensionList.lookupSingleton(LocalTokenIssuer.class);
    }

    private WorkflowRun pauseWith(String arguments, String jobId, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(
                "def job = pauseFineTune(jobId: '" + jobId + "', " + arguments + ")\n"
                        + "echo \"status=${job.status}\"",
                true));
        return j.buildAndAssertStatus(expected, p);
    }

    /** Service principal credentials with the id {@code sp} in the given Azure environment. */
    private static void addServicePrincipal(String clientSecret, String environment) throws Exception {
        AzureCredentials credentials = new AzureCredentials(
                CredentialsScope.GLOBAL,
                "sp",
                "service principal",
                "subscription-id",
                "client-id",
                Secret.fromString(clientSecret));
        credentials.setAzureEnvironmentName(environment);
        FoundryTestSupport.addCredentials(credentials);
    }

    @Test
    void servicePrincipalSendsABearerTokenForThePublicCloudScope() throws Exception {
        addServicePrincipal("client-secret-not-to-log", "Azure");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("credentialsId: 'sp'", id, Result.SUCCESS);

        j.assertLogContains("status=", b);
        j.assertLogNotContains(TOKEN, b);
        j.assertLogNotContains("client-secret-not-to-log", b);
        assertThat(issuer().credentialIds, contains("sp"));
        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.com/.default"));
        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests.stream().map(r -> r.header("Authorization")).toList(), everyItem(is("Bearer " + TOKEN)));
        assertThat(requests.stream().map(r -> r.header("api-key")).toList(), everyItem(is((String) null)));
    }

    @Test
    void usGovernmentCredentialsAskForTheUsGovernmentScope() throws Exception {
        addServicePrincipal("client-secret", "Azure US Government");
        String id = emulator.seedRunningJobs(1).get(0);

        pauseWith("credentialsId: 'sp'", id, Result.SUCCESS);

        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.us/.default"));
    }

    @Test
    void chinaManagedIdentityAsksForTheChinaScope() throws Exception {
        FoundryTestSupport.addCredentials(
                new AzureImdsCredentials(CredentialsScope.GLOBAL, "mi", "managed identity", "Azure China"));
        // The controller's own identity: used as the administrator's default credentials, never named by a step.
        FoundryFineTuningConfiguration.get().setCredentialsId("mi");
        String id = emulator.seedRunningJobs(1).get(0);

        pauseWith("apiVersion: 'v1'", id, Result.SUCCESS);

        assertThat(issuer().credentialIds, contains("mi"));
        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.cn/.default"));
        assertThat(emulator.job(id).status(), not(is("running")));
    }

    @Test
    void theResourceCloudAndAnExplicitScopeOverrideTheCredentialsCloud() throws Exception {
        addServicePrincipal("client-secret", "Azure");
        FoundryResource china = new FoundryResource("china");
        china.setEndpoint(emulator.baseUrl());
        china.setCredentialsId("sp");
        china.setCloud("AZURE_CHINA");
        FoundryResource custom = new FoundryResource("custom");
        custom.setEndpoint(emulator.baseUrl());
        custom.setCredentialsId("sp");
        custom.setCloud("AZURE_CHINA");
        custom.setTokenScope("https://cognitiveservices.example.test/.default");
        FoundryFineTuningConfiguration.get().setResources(List.of(china, custom));
        List<String> ids = emulator.seedRunningJobs(2);

        pauseWith("resource: 'china'", ids.get(0), Result.SUCCESS);
        pauseWith("resource: 'custom'", ids.get(1), Result.SUCCESS);

        assertThat(
                issuer().scopes,
                contains(
                        "https://cognitiveservices.azure.cn/.default",
                        "https://cognitiveservices.example.test/.default"));
    }

    @Test
    void anEnvironmentWithoutFoundryFailsNamingIt() throws Exception {
        addServicePrincipal("client-secret", "Azure Germany");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("credentialsId: 'sp'", id, Result.FAILURE);

        j.assertLogContains("Credentials 'sp' could not be used", b);
        j.assertLogContains("'Azure Germany'", b);
        j.assertLogContains("token scope of the resource", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void tokenThatTheServiceRejectsFailsWith401() throws Exception {
        issuer().tokens = () -> Mono.just(new AccessToken(
                "a-token-the-emulator-rejects", OffsetDateTime.now().plusHours(1)));
        addServicePrincipal("client-secret", "Azure");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("credentialsId: 'sp'", id, Result.FAILURE);

        j.assertLogContains("401", b);
        j.assertLogNotContains("a-token-the-emulator-rejects", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void failureToObtainATokenFailsTheBuildClearly() throws Exception {
        issuer().tokens = () -> Mono.error(new IllegalStateException("AADSTS7000215: Invalid client secret provided"));
        addServicePrincipal("client-secret", "Azure");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("credentialsId: 'sp'", id, Result.FAILURE);

        j.assertLogContains("Microsoft Entra ID token", b);
        assertThat(emulator.job(id).status(), is("running"));
    }

    @Test
    void oneBuildThatPollsManyTimesAsksForOneToken() throws Exception {
        emulator.close();
        emulator = FineTuningEmulator.builder()
                .bearerToken(TOKEN)
                .pauseDelay(Duration.ofSeconds(5))
                .build()
                .start();
        FoundryFineTuningConfiguration.get().setEndpoint(emulator.baseUrl());
        addServicePrincipal("client-secret", "Azure");
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = pauseWith("credentialsId: 'sp', wait: true, timeout: 120", id, Result.SUCCESS);

        j.assertLogContains("status=paused", b);
        assertThat("a pause and several polls", emulator.requestCount(), greaterThanOrEqualTo(4));
        assertThat(issuer().scopes, hasSize(1));
        assertThat(issuer().credentialIds, hasSize(1));
    }

    @Test
    void buildsAndResourcesOnTheSameCredentialAndScopeShareOneToken() throws Exception {
        addServicePrincipal("client-secret", "Azure");
        FoundryResource v1 = new FoundryResource("v1");
        v1.setEndpoint(emulator.baseUrl());
        v1.setCredentialsId("sp");
        FoundryResource preview = new FoundryResource("preview");
        preview.setEndpoint(emulator.baseUrl());
        preview.setApiVersion("preview");
        preview.setCredentialsId("sp");
        FoundryFineTuningConfiguration.get().setResources(List.of(v1, preview));
        List<String> ids = emulator.seedRunningJobs(3);

        pauseWith("credentialsId: 'sp'", ids.get(0), Result.SUCCESS);
        pauseWith("credentialsId: 'sp'", ids.get(1), Result.SUCCESS);
        pauseWith("resource: 'preview'", ids.get(2), Result.SUCCESS);

        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.com/.default"));
        assertThat(issuer().credentialIds, contains("sp"));
    }

    @Test
    void aChangedClientSecretGetsANewTokenFromTheNextCallOn() throws Exception {
        addServicePrincipal("client-secret", "Azure");
        List<String> ids = emulator.seedRunningJobs(2);
        pauseWith("credentialsId: 'sp'", ids.get(0), Result.SUCCESS);

        CredentialsStore store =
                CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        Credentials old = store.getCredentials(Domain.global()).stream()
                .filter(c -> c instanceof AzureCredentials a && a.getId().equals("sp"))
                .findFirst()
                .orElseThrow();
        AzureCredentials rotated = new AzureCredentials(
                CredentialsScope.GLOBAL,
                "sp",
                "service principal",
                "subscription-id",
                "client-id",
                Secret.fromString("rotated-client-secret"));
        rotated.setAzureEnvironmentName("Azure");
        store.updateCredentials(Domain.global(), old, rotated);
        pauseWith("credentialsId: 'sp'", ids.get(1), Result.SUCCESS);

        assertThat(issuer().credentialIds, contains("sp", "sp"));
        assertThat(issuer().scopes, hasSize(2));
    }

    /** Hands out tokens the emulator accepts (or what a test sets) and records what was asked for. */
    @TestExtension
    public static final class LocalTokenIssuer extends AzureTokenCredentials {

        final List<String> credentialIds = new CopyOnWriteArrayList<>();
        final List<String> scopes = new CopyOnWriteArrayList<>();
        volatile Supplier<Mono<AccessToken>> tokens =
                () -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));

        @NonNull
        @Override
        public TokenCredential tokenCredential(@NonNull AzureBaseCredentials credentials) {
            credentialIds.add(credentials.getId());
            return context -> {
                scopes.addAll(context.getScopes());
                return tokens.get();
            };
        }

        /** How many tokens were asked for (one per token request, whatever the scope). */
        public int tokenRequests() {
            return scopes.size();
        }

        /** How many times a credential was turned into a token source. */
        public int tokenSourcesMade() {
            return credentialIds.size();
        }
    }
}
