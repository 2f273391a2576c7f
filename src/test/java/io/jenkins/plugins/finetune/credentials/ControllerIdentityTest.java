package io.jenkins.plugins.finetune.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.cloudbees.hudson.plugins.folder.Folder;
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
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.agents.RealAgents;
import io.jenkins.plugins.finetune.agents.RecordingProxy;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryFolderProperty;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
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
 * Issue 23: the controller's own Azure identity (azure-credentials' managed identity, which holds no secret) is the
 * administrator's. It works through a resource or the global defaults, and is refused before any token is minted
 * when a step names the endpoint or the credentials (from a folder's store or the global one), when its token would
 * travel to an agent the resource does not allow, and in a job's Test connection. Also: the agent's identity on the
 * built-in node, a borrowed token scope, and {@code restrictEndpoints} on by default.
 *
 * <p>Tokens are counted through the plugin's own {@link AzureTokenCredentials} extension point ({@link
 * CountingIssuer}), as {@link AzureCredentialsTest} does; the "foreign" endpoint is a second emulator that records
 * every request it gets.
 */
@WithJenkins
class ControllerIdentityTest {

    private static final String TOKEN = "controller-identity-token-7d2e94a1";
    private static final String MSI = "controller-msi";

    private JenkinsRule j;
    private FineTuningEmulator emulator;
    private FineTuningEmulator foreign;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        FoundryTestSupport.allowLoopbackHttp(true);
        emulator = FineTuningEmulator.builder().bearerToken(TOKEN).build().start();
        foreign = FineTuningEmulator.builder().bearerToken(TOKEN).build().start();
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        config.setEndpoint(emulator.baseUrl());
        config.setMaxRetries(0);
        FoundryTestSupport.addCredentials(
                new AzureImdsCredentials(CredentialsScope.GLOBAL, MSI, "the controller's identity", "Azure"));
    }

    @AfterEach
    void tearDown() {
        emulator.close();
        foreign.close();
        FoundryTestSupport.allowLoopbackHttp(false);
    }

    private static CountingIssuer issuer() {
        return ExtensionList.lookupSingleton(CountingIssuer.class);
    }

    private WorkflowRun run(Folder folder, String script, Result expected) throws Exception {
        WorkflowJob p = folder == null
                ? j.createProject(WorkflowJob.class)
                : folder.createProject(
                        WorkflowJob.class, "p" + folder.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return run(null, script, expected);
    }

    private static FoundryResource resource(String name, FineTuningEmulator emulator, String credentialsId) {
        FoundryResource resource = new FoundryResource(name);
        resource.setEndpoint(emulator.baseUrl());
        resource.setCredentialsId(credentialsId);
        return resource;
    }

    private static String kind() {
        return new AzureImdsCredentials(CredentialsScope.GLOBAL, "x", "x", "Azure")
                .getDescriptor()
                .getDisplayName();
    }

    private void assertRefusedNamingTheCredential(WorkflowRun b, String credentialsId) throws IOException {
        j.assertLogContains(
                "Credentials '" + credentialsId + "' (" + kind() + ") stand for the Jenkins controller's"
                        + " own Azure identity",
                b);
        j.assertLogContains("Ask a Jenkins administrator for a resource that uses these credentials", b);
        j.assertLogNotContains("\tat ", b); // no stack trace
    }

    private void assertNoTokenAndNoRequest() {
        assertThat("no token asked for", issuer().scopes, empty());
        assertThat("no token source made", issuer().credentialIds, empty());
        assertThat("the foreign host got nothing", foreign.requests(), empty());
        assertThat(emulator.requests(), empty());
    }

    // 1. A step that names the endpoint or the credentials never gets the controller's identity.

    @Test
    void aFolderManagedIdentityWithAForeignEndpointIsRefusedBeforeAnyToken() throws Exception {
        FoundryTestSupport.allowUnconfiguredEndpoints(); // the rule holds whatever restrictEndpoints says
        Folder team = j.jenkins.createProject(Folder.class, "team");
        folderStore(team)
                .addCredentials(
                        Domain.global(),
                        new AzureImdsCredentials(CredentialsScope.GLOBAL, "team-msi", "made by the team", "Azure"));

        WorkflowRun b = run(
                team,
                "fineTuneJobs(endpoint: '" + foreign.baseUrl() + "', credentialsId: 'team-msi', limit: 1)",
                Result.FAILURE);

        assertRefusedNamingTheCredential(b, "team-msi");
        assertNoTokenAndNoRequest();
    }

    @Test
    void theGlobalManagedIdentityNamedByAStepIsRefusedWhereverItWouldGo() throws Exception {
        FoundryTestSupport.allowUnconfiguredEndpoints();
        FoundryFineTuningConfiguration.get().setResources(List.of(resource("ops", emulator, MSI)));

        // to a host of the step's choice
        WorkflowRun elsewhere = run(
                "fineTuneJobs(endpoint: '" + foreign.baseUrl() + "', credentialsId: '" + MSI + "', limit: 1)",
                Result.FAILURE);
        assertRefusedNamingTheCredential(elsewhere, MSI);
        // the default endpoint with credentials the step names, and a resource's own credentials named again
        WorkflowRun named = run("fineTuneJobs(credentialsId: '" + MSI + "', limit: 1)", Result.FAILURE);
        assertRefusedNamingTheCredential(named, MSI);
        WorkflowRun withFoundry =
                run("withFoundry(credentialsId: '" + MSI + "') { fineTuneJobs(limit: 1) }", Result.FAILURE);
        assertRefusedNamingTheCredential(withFoundry, MSI);

        // the default credentials sent to the step's endpoint
        FoundryFineTuningConfiguration.get().setCredentialsId(MSI);
        WorkflowRun defaults = run("fineTuneJobs(endpoint: '" + foreign.baseUrl() + "', limit: 1)", Result.FAILURE);
        assertRefusedNamingTheCredential(defaults, MSI);

        assertNoTokenAndNoRequest();
    }

    @Test
    void aJobsTestConnectionRefusesTheControllersIdentityBeforeAnyToken() throws Exception {
        FoundryTestSupport.allowUnconfiguredEndpoints();
        WorkflowJob p = j.createProject(WorkflowJob.class);
        PauseFineTuneBuilder.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(PauseFineTuneBuilder.DescriptorImpl.class);

        FormValidation refused = descriptor.doTestConnection(p, null, foreign.baseUrl(), MSI, null);

        assertThat(refused.kind, is(FormValidation.Kind.ERROR));
        assertThat(refused.getMessage(), containsString("Credentials &#039;" + MSI + "&#039;"));
        assertThat(refused.getMessage(), containsString("Ask a Jenkins administrator for a resource"));
        assertNoTokenAndNoRequest();
    }

    @Test
    void aFolderCopyOfTheResourcesManagedIdentityIdIsRefusedBeforeAnyToken() throws Exception {
        // The team's own managed identity (another client id on the controller's machine) under the id the
        // administrator's resource names: the build would find it first.
        FoundryFineTuningConfiguration.get().setResources(List.of(resource("ops", emulator, MSI)));
        Folder team = j.jenkins.createProject(Folder.class, "team");
        AzureImdsCredentials copy = new AzureImdsCredentials(CredentialsScope.GLOBAL, MSI, "the team's copy", "Azure");
        copy.setClientId("00000000-0000-0000-0000-0000000000aa");
        folderStore(team).addCredentials(Domain.global(), copy);
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = run(team, "fineTuneJob(jobId: '" + id + "', resource: 'ops')", Result.FAILURE);

        j.assertLogContains(
                "a folder of this job (team) holds credentials with that id, which a build finds before the"
                        + " administrator's own",
                b);
        j.assertLogNotContains("\tat ", b);
        // The job's Test connection follows the same rule.
        FormValidation tested = j.jenkins
                .getDescriptorByType(PauseFineTuneBuilder.DescriptorImpl.class)
                .doTestConnection(team.getItems().iterator().next(), "ops", null, null, null);
        assertThat(tested.kind, is(FormValidation.Kind.ERROR));
        assertThat(tested.getMessage(), containsString("a folder of this job (team) holds credentials with that id"));
        assertNoTokenAndNoRequest();
    }

    @Test
    void jobFormsDoNotOfferTheControllersIdentityAndTheirCheckSaysWhy() throws Exception {
        FoundryTestSupport.addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "team-key", "a team's key", Secret.fromString("team-key-secret")));
        WorkflowJob p = j.createProject(WorkflowJob.class);
        PauseFineTuneStep.DescriptorImpl step = j.jenkins.getDescriptorByType(PauseFineTuneStep.DescriptorImpl.class);

        List<String> offered = values(step.doFillCredentialsIdItems(p, "", null, null));
        assertThat(offered, hasItem("team-key"));
        assertThat("a build would refuse it", offered, not(hasItem(MSI)));
        FormValidation check = step.doCheckCredentialsId(p, MSI, null, null);
        assertThat(check.kind, is(FormValidation.Kind.ERROR));
        assertThat(check.getMessage(), containsString("own Azure identity, which a job or folder cannot name"));
        assertThat(step.doCheckCredentialsId(p, "team-key", null, null).kind, is(FormValidation.Kind.OK));

        // The administrator's forms (a resource, the defaults) offer it: that is where it works.
        assertThat(values(FoundryFineTuningConfiguration.get().doFillCredentialsIdItems("", null)), hasItem(MSI));
        assertNoTokenAndNoRequest();
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(option -> option.value).toList();
    }

    // 2. Through the administrator's configuration it works.

    @Test
    void theControllersIdentityWorksThroughAResourceTheDefaultsAndAFolderDefault() throws Exception {
        FoundryFineTuningConfiguration.get().setResources(List.of(resource("ops", emulator, MSI)));
        FoundryFineTuningConfiguration.get().setCredentialsId(MSI);
        List<String> ids = emulator.seedRunningJobs(3);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("ops"));

        WorkflowRun viaResource = run(
                "echo 'status=' + fineTuneJob(jobId: '" + ids.get(0) + "', resource: 'ops').status", Result.SUCCESS);
        WorkflowRun viaDefaults =
                run("echo 'status=' + fineTuneJob(jobId: '" + ids.get(1) + "').status", Result.SUCCESS);
        WorkflowRun viaFolder =
                run(team, "echo 'status=' + fineTuneJob(jobId: '" + ids.get(2) + "').status", Result.SUCCESS);

        for (WorkflowRun b : List.of(viaResource, viaDefaults, viaFolder)) {
            j.assertLogContains("status=running", b);
            j.assertLogNotContains(TOKEN, b);
        }
        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.com/.default"));
        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests, hasSize(3));
        assertThat(requests.stream().map(r -> r.header("Authorization")).toList(), everyItem(is("Bearer " + TOKEN)));
        assertThat(foreign.requests(), empty());
    }

    // 3. Its token reaches an agent only where the resource allows it.

    @Test
    void callFromAgentWithTheControllersIdentityIsRefusedOnTheBuiltInNodeUnlessTheResourceAllowsIt() throws Exception {
        FoundryResource ops = resource("ops", emulator, MSI);
        FoundryFineTuningConfiguration.get().setResources(List.of(ops));
        String id = emulator.seedRunningJobs(1).get(0);
        String script = "node('built-in') { fineTuneJob(jobId: '" + id + "', resource: 'ops', callFrom: 'agent') }";

        WorkflowRun b = run(script, Result.FAILURE);

        j.assertLogContains(
                "Credentials '" + MSI + "' (" + kind() + ") stand for the Jenkins controller's own Azure identity: its"
                        + " token is minted on the controller and would travel to the built-in node",
                b);
        j.assertLogContains("Resource 'ops' does not allow that", b);
        j.assertLogNotContains("\tat ", b);
        assertNoTokenAndNoRequest();

        // The global defaults are no resource: nothing can allow it there.
        FoundryFineTuningConfiguration.get().setCredentialsId(MSI);
        WorkflowRun defaults =
                run("node('built-in') { fineTuneJob(jobId: '" + id + "', callFrom: 'agent') }", Result.FAILURE);
        j.assertLogContains("Only a resource can allow that", defaults);
        assertNoTokenAndNoRequest();
    }

    /** On a real agent (a separate JVM whose requests a proxy in its environment marks): refused, then allowed. */
    @Test
    void aResourceThatAllowsItSendsTheControllersTokenThroughTheAgent() throws Exception {
        RecordingProxy proxy = RecordingProxy.start();
        try {
            RealAgents.agent(j, "remote").env("http_proxy", proxy.url()).startOnline();
            FoundryResource ops = resource("ops", emulator, MSI);
            FoundryFineTuningConfiguration.get().setResources(List.of(ops));
            String id = emulator.seedRunningJobs(1).get(0);
            String script = "node('remote') { echo 'status=' + fineTuneJob(jobId: '" + id
                    + "', resource: 'ops', callFrom: 'agent').status }";

            WorkflowRun refused = run(script, Result.FAILURE);
            j.assertLogContains("would travel to agent 'remote-agent'", refused);
            assertNoTokenAndNoRequest();

            ops.setAgentsMayUseControllerIdentity(true);
            WorkflowRun allowed = run(script, Result.SUCCESS);

            j.assertLogContains("status=running", allowed);
            j.assertLogNotContains(TOKEN, allowed);
            assertThat(issuer().credentialIds, contains(MSI));
            List<RecordedRequest> requests = emulator.requests();
            assertThat(requests, hasSize(1));
            assertThat(requests.get(0).header("Authorization"), is("Bearer " + TOKEN));
            assertThat("made by the agent's JVM", requests.get(0).header(RecordingProxy.MARK), notNullValue());
        } finally {
            proxy.close();
        }
    }

    // 4. The agent's identity is not the controller's.

    @Test
    void theAgentsIdentityIsRefusedOnTheBuiltInNode() throws Exception {
        FoundryTestSupport.addCredentials(new AgentIdentityCredentials(CredentialsScope.GLOBAL, "agent-mi", "agent"));
        FoundryResource vnet = resource("vnet", emulator, "agent-mi");
        vnet.setCallFrom("agent");
        FoundryFineTuningConfiguration.get().setResources(List.of(vnet));
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = run("node('built-in') { fineTuneJob(jobId: '" + id + "', resource: 'vnet') }", Result.FAILURE);

        j.assertLogContains(
                "Credentials 'agent-mi' (Agent VM identity for Foundry fine-tuning) get their token from the machine"
                        + " the step runs on, and this step runs on the built-in node, which is the controller",
                b);
        j.assertLogNotContains("\tat ", b);
        assertThat(emulator.requests(), empty());
    }

    // 5. A resource's token scope goes with its own credentials and endpoint only.

    @Test
    void aResourcesTokenScopeIsNotBorrowed() throws Exception {
        FoundryTestSupport.allowUnconfiguredEndpoints();
        addServicePrincipal("gov-sp");
        addServicePrincipal("team-sp");
        FoundryResource gov = resource("gov", emulator, "gov-sp");
        gov.setTokenScope("https://cognitiveservices.example.test/.default");
        FoundryResource open = resource("open", emulator, null);
        open.setCloud("AZURE_US_GOVERNMENT");
        FoundryFineTuningConfiguration.get().setResources(List.of(gov, open));
        String id = emulator.seedRunningJobs(1).get(0);

        WorkflowRun otherCredentials =
                run("fineTuneJob(jobId: '" + id + "', resource: 'gov', credentialsId: 'team-sp')", Result.FAILURE);
        j.assertLogContains(
                "credentialsId: 'team-sp' cannot be used with resource: 'gov': its Entra ID token scope"
                        + " (https://cognitiveservices.example.test/.default) is asked for only with the credentials"
                        + " and for the endpoint of resource 'gov'",
                otherCredentials);
        WorkflowRun otherEndpoint = run(
                "fineTuneJob(jobId: '" + id + "', resource: 'gov', endpoint: '" + foreign.baseUrl()
                        + "', credentialsId: 'gov-sp')",
                Result.FAILURE);
        j.assertLogContains("endpoint: '" + foreign.baseUrl() + "' cannot be used with resource: 'gov'", otherEndpoint);
        WorkflowRun inFolder = run(
                folderWithDefault("gov"),
                "fineTuneJob(jobId: '" + id + "', endpoint: '" + foreign.baseUrl() + "', credentialsId: 'team-sp')",
                Result.FAILURE);
        j.assertLogContains("cannot be used with the folder default resource 'gov'", inFolder);
        assertThat("no token asked for", issuer().scopes, empty());
        assertThat(foreign.requests(), empty());
        assertThat(emulator.requests(), empty());

        // A resource without credentials of its own lets the step name them, for its own endpoint and scope.
        run("fineTuneJob(jobId: '" + id + "', resource: 'open', credentialsId: 'team-sp')", Result.SUCCESS);
        assertThat(issuer().credentialIds, contains("team-sp"));
        assertThat(issuer().scopes, contains("https://cognitiveservices.azure.us/.default"));
        // and the resource itself works with its own scope
        run("fineTuneJob(jobId: '" + id + "', resource: 'gov')", Result.SUCCESS);
        assertThat(issuer().scopes, hasSize(2));
        assertThat(issuer().scopes.get(1), is("https://cognitiveservices.example.test/.default"));
    }

    // 6. restrictEndpoints is on by default.

    @Test
    void aFreshJenkinsRefusesAnUnconfiguredEndpoint() throws Exception {
        assertThat(FoundryFineTuningConfiguration.get().isRestrictEndpoints(), is(true));
        addServicePrincipal("team-sp");

        WorkflowRun b = run(
                "fineTuneJobs(endpoint: '" + foreign.baseUrl() + "', credentialsId: 'team-sp', limit: 1)",
                Result.FAILURE);

        j.assertLogContains("is not the endpoint of a configured Azure AI Foundry resource", b);
        assertThat(issuer().scopes, empty());
        assertThat(foreign.requests(), empty());
    }

    @Test
    void aSavedConfigurationWithoutTheElementLoadsRestrictedAndAnExplicitFalseStays() throws Exception {
        java.nio.file.Path file =
                j.jenkins.getRootDir().toPath().resolve(FoundryFineTuningConfiguration.class.getName() + ".xml");
        String before = "<?xml version='1.1' encoding='UTF-8'?>\n<"
                + FoundryFineTuningConfiguration.class.getName() + ">\n"
                + "  <endpoint>https://saved-before.openai.azure.com</endpoint>\n"
                + "  <maxRetries>2</maxRetries>\n";
        String after = "</" + FoundryFineTuningConfiguration.class.getName() + ">\n";

        java.nio.file.Files.writeString(file, before + after);
        FoundryFineTuningConfiguration old = new FoundryFineTuningConfiguration(); // as Jenkins makes it at start-up
        assertThat("the file was read", old.getEndpoint(), is("https://saved-before.openai.azure.com"));
        assertThat(old.getMaxRetries(), is(2));
        assertThat(old.isRestrictEndpoints(), is(true));

        java.nio.file.Files.writeString(file, before + "  <restrictEndpoints>false</restrictEndpoints>\n" + after);
        assertThat(new FoundryFineTuningConfiguration().isRestrictEndpoints(), is(false));
    }

    // helpers

    private Folder folderWithDefault(String resource) throws IOException {
        Folder folder = j.jenkins.createProject(Folder.class, "team-" + resource);
        folder.getProperties().add(new FoundryFolderProperty(resource));
        return folder;
    }

    private static CredentialsStore folderStore(Folder folder) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
            if (store.getContext() == folder) {
                return store;
            }
        }
        throw new AssertionError("no credentials store of folder " + folder.getFullName());
    }

    private static void addServicePrincipal(String id) throws IOException {
        AzureCredentials credentials = new AzureCredentials(
                CredentialsScope.GLOBAL,
                id,
                "service principal",
                "subscription-id",
                "client-id",
                Secret.fromString("client-secret-" + id));
        credentials.setAzureEnvironmentName("Azure");
        FoundryTestSupport.addCredentials(credentials);
    }

    /** Hands out {@link #TOKEN} and records every token source made and every token asked for. */
    @TestExtension
    public static final class CountingIssuer extends AzureTokenCredentials {

        final List<String> credentialIds = new CopyOnWriteArrayList<>();
        final List<String> scopes = new CopyOnWriteArrayList<>();

        @NonNull
        @Override
        public TokenCredential tokenCredential(@NonNull AzureBaseCredentials credentials) {
            credentialIds.add(credentials.getId());
            return context -> {
                scopes.addAll(context.getScopes());
                return Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
            };
        }
    }
}
