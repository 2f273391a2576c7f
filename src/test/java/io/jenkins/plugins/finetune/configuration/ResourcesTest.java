package io.jenkins.plugins.finetune.configuration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.emulator.FineTuningEmulator;
import io.jenkins.plugins.finetune.emulator.RecordedRequest;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Named resources, folder defaults and {@code withFoundry}, against two emulators acting as two resources:
 * {@code dev} (the support class's emulator, also the global default) and {@code prod} (its own key).
 */
@WithJenkins
class ResourcesTest extends FoundryTestSupport {

    static final String PROD_KEY = "prod-api-key-8d1e0a";

    private FineTuningEmulator prod;

    @BeforeEach
    void twoResources() throws Exception {
        prod = FineTuningEmulator.builder()
                .apiKey(PROD_KEY)
                .pauseDelay(Duration.ofMillis(300))
                .build()
                .start();
        addApiKey("prod-key", PROD_KEY);
        FoundryFineTuningConfiguration.get()
                .setResources(List.of(resource("dev", emulator, CREDENTIALS_ID), resource("prod", prod, "prod-key")));
    }

    @AfterEach
    void closeProd() {
        prod.close();
    }

    static FoundryResource resource(String name, FineTuningEmulator emulator, String credentialsId) {
        FoundryResource resource = new FoundryResource(name);
        resource.setEndpoint(emulator.baseUrl());
        resource.setCredentialsId(credentialsId);
        return resource;
    }

    private WorkflowRun runIn(Folder folder, String script, Result expected) throws Exception {
        WorkflowJob p = folder == null
                ? j.createProject(WorkflowJob.class)
                : folder.createProject(
                        WorkflowJob.class, "p" + folder.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, p);
    }

    private static List<String> apiKeys(FineTuningEmulator emulator) {
        return emulator.requests().stream().map(r -> r.header("api-key")).toList();
    }

    @Test
    void eachStepCallsTheResourceItNames() throws Exception {
        String devJob = emulator.seedRunningJobs(1).get(0);
        String prodJob = prod.seedRunningJobs(1).get(0);

        WorkflowRun b = run(
                "echo 'dev=' + pauseFineTune(jobId: '" + devJob + "', resource: 'dev').status\n"
                        + "echo 'prod=' + pauseFineTune(jobId: '" + prodJob + "', resource: 'prod').status",
                Result.SUCCESS);

        j.assertLogContains("dev=pausing", b);
        j.assertLogContains("prod=pausing", b);
        j.assertLogNotContains("not the endpoint of a configured resource", b);
        assertThat(apiKeys(prod), everyItem(is(PROD_KEY)));
        assertThat(apiKeys(emulator), everyItem(is(API_KEY)));
        assertThat(prod.job(prodJob).status(), not(is("running")));
    }

    @Test
    void explicitEndpointAndCredentialsOverrideTheResource() throws Exception {
        String prodJob = prod.seedRunningJobs(1).get(0);

        run(
                "pauseFineTune(jobId: '" + prodJob + "', resource: 'dev', endpoint: '" + prod.baseUrl()
                        + "', credentialsId: 'prod-key')",
                Result.SUCCESS);

        assertThat(prod.job(prodJob).status(), not(is("running")));
        assertThat(emulator.requestCount(), is(0));
    }

    @Test
    void aResourcesCredentialsAreNeverSentToAnotherEndpoint() throws Exception {
        String devJob = emulator.seedRunningJobs(1).get(0);

        WorkflowRun b = run(
                "pauseFineTune(jobId: '" + devJob + "', resource: 'prod', endpoint: '" + emulator.baseUrl() + "')",
                Result.FAILURE);

        j.assertLogContains(
                "endpoint: '" + emulator.baseUrl() + "' is not the endpoint of resource: 'prod' (" + prod.baseUrl()
                        + "), whose credentials are sent to its own endpoint only.",
                b);
        j.assertLogContains("or pass 'credentialsId' with it", b);
        j.assertLogNotContains(PROD_KEY, b);
        assertThat(emulator.requestCount(), is(0));
        assertThat(prod.requestCount(), is(0));
    }

    @Test
    void theRefusalHoldsInsideWithFoundryAndForAFolderDefault() throws Exception {
        String devJob = emulator.seedRunningJobs(1).get(0);
        WorkflowRun inside = run(
                "withFoundry(resource: 'prod') { fineTuneJob(jobId: '" + devJob + "', endpoint: '" + emulator.baseUrl()
                        + "') }",
                Result.FAILURE);
        j.assertLogContains("is not the endpoint of resource: 'prod'", inside);

        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("prod"));
        WorkflowRun inFolder = runIn(
                team, "fineTuneJob(jobId: '" + devJob + "', endpoint: '" + emulator.baseUrl() + "')", Result.FAILURE);
        j.assertLogContains("is not the endpoint of the folder default resource 'prod'", inFolder);
        assertThat(emulator.requestCount(), is(0));
        assertThat(prod.requestCount(), is(0));
    }

    @Test
    void theResourcesOwnEndpointWrittenOutIsAccepted() throws Exception {
        String prodJob = prod.seedRunningJobs(1).get(0);

        run(
                "echo fineTuneJob(jobId: '" + prodJob + "', resource: 'prod', endpoint: '" + prod.baseUrl()
                        + "/').status",
                Result.SUCCESS);

        assertThat(apiKeys(prod), everyItem(is(PROD_KEY)));
    }

    @Test
    void anUnknownResourceFailsNamingItAndTheConfiguredOnes() throws Exception {
        WorkflowRun b = run("fineTuneJobs(resource: 'nope')", Result.FAILURE);

        j.assertLogContains("resource: 'nope' is not configured", b);
        j.assertLogContains("'dev', 'prod'", b);
    }

    @Test
    void withFoundryScopesTheStepsInsideAndNests() throws Exception {
        String devJob = emulator.seedRunningJobs(1).get(0);
        String prodJob = prod.seedRunningJobs(1).get(0);
        String prodWaited = prod.seedRunningJobs(1).get(0);

        WorkflowRun b = run(
                "withFoundry(resource: 'prod') {\n"
                        + "  echo 'outer=' + fineTuneJob(jobId: '" + prodJob + "').status\n"
                        + "  withFoundry(resource: 'dev') {\n"
                        + "    echo 'inner=' + pauseFineTune(jobId: '" + devJob + "').status\n"
                        + "  }\n"
                        + "  withFoundry(apiVersion: 'preview') {\n"
                        + "    echo 'still prod=' + pauseFineTune(jobId: '" + prodJob + "').status\n"
                        + "  }\n"
                        + "  echo 'own=' + fineTuneJob(jobId: '" + devJob + "', resource: 'dev').id\n"
                        + "  echo 'selected=' + pauseFineTunes(jobIds: ['" + prodJob
                        + "'], failOnError: false).size()\n"
                        + "  echo 'waited=' + pauseFineTune(jobId: '" + prodWaited + "', wait: true).status\n"
                        + "}\n"
                        + "echo 'after=' + fineTuneJob(jobId: '" + devJob + "').id",
                Result.SUCCESS);

        j.assertLogContains("outer=running", b);
        j.assertLogContains("inner=pausing", b);
        j.assertLogContains("still prod=pausing", b);
        j.assertLogContains("own=" + devJob, b);
        j.assertLogContains("selected=1", b);
        j.assertLogContains("waited=paused", b); // the polls after a restart-safe wait go to the same resource
        j.assertLogContains("after=" + devJob, b);
        assertThat(apiKeys(prod), everyItem(is(PROD_KEY)));
        List<RecordedRequest> prodRequests = prod.requests();
        // fineTuneJob, the pause under withFoundry(apiVersion: 'preview'), then the bulk pause (read + pause)
        assertThat(prodRequests.get(1).queryParameter("api-version"), is("preview"));
        assertThat(prodRequests.get(0).queryParameter("api-version"), is("v1"));
        // dev: the inner pause, the step's own resource, and the read after the block (global default)
        assertThat(emulator.requestCount(), is(3));
    }

    @Test
    void withFoundryWorksInDeclarativeSteps() throws Exception {
        String prodJob = prod.seedRunningJobs(1).get(0);

        WorkflowRun b = run(
                "pipeline {\n"
                        + "  agent none\n"
                        + "  stages {\n"
                        + "    stage('pause') {\n"
                        + "      steps {\n"
                        + "        withFoundry(resource: 'prod') {\n"
                        + "          pauseFineTune(jobId: '" + prodJob + "', wait: true, timeout: 60)\n"
                        + "        }\n"
                        + "      }\n"
                        + "    }\n"
                        + "  }\n"
                        + "}",
                Result.SUCCESS);

        assertThat(prod.job(prodJob).status(), is("paused"));
        assertThat(emulator.requestCount(), is(0));
        j.assertLogNotContains(PROD_KEY, b);
    }

    @Test
    void theNearestFolderDefaultWinsThenTheGlobalDefaults() throws Exception {
        String prodJob = prod.seedRunningJobs(1).get(0);
        String devJob = emulator.seedRunningJobs(1).get(0);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("prod"));
        Folder sub = team.createProject(Folder.class, "sub");
        Folder experiments = team.createProject(Folder.class, "experiments");
        experiments.getProperties().add(new FoundryFolderProperty("dev"));

        runIn(sub, "pauseFineTune(jobId: '" + prodJob + "')", Result.SUCCESS);
        runIn(experiments, "pauseFineTune(jobId: '" + devJob + "')", Result.SUCCESS);
        runIn(null, "fineTuneJob(jobId: '" + devJob + "')", Result.SUCCESS);

        assertThat(prod.job(prodJob).status(), not(is("running")));
        assertThat(prod.requestCount(), is(1)); // the pause in team/sub
        assertThat(emulator.requestCount(), is(2)); // the pause in team/experiments, then the job outside folders
    }

    @Test
    void aFolderDefaultThatIsNotConfiguredFailsNamingIt() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("staging"));

        WorkflowRun b = runIn(team, "fineTuneJobs()", Result.FAILURE);

        j.assertLogContains("the folder default resource 'staging' is not configured", b);
    }

    @Test
    void freestyleBuildStepsTakeAResourceAndTheFolderDefault() throws Exception {
        List<String> prodJobs = prod.seedRunningJobs(2);
        FreeStyleProject named = j.createFreeStyleProject("named");
        PauseFineTuneBuilder builder = new PauseFineTuneBuilder(new PauseFineTuneStep(prodJobs.get(0)));
        builder.getStep().setResource("prod");
        named.getBuildersList().add(builder);
        j.buildAndAssertSuccess(named);

        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("prod"));
        FreeStyleProject inFolder = team.createProject(FreeStyleProject.class, "in-folder");
        inFolder.getBuildersList().add(new PauseFineTuneBuilder(new PauseFineTuneStep(prodJobs.get(1))));
        FreeStyleBuild b = j.buildAndAssertSuccess(inFolder);

        assertThat(prod.job(prodJobs.get(0)).status(), not(is("running")));
        assertThat(prod.job(prodJobs.get(1)).status(), not(is("running")));
        assertThat(emulator.requestCount(), is(0));
        j.assertLogNotContains(PROD_KEY, b);
    }

    @Test
    void otherEndpointsAreRefusedByDefaultAndAllowedAndNamedWhenUnrestricted() throws Exception {
        FoundryFineTuningConfiguration.get().setResources(List.of());
        String prodJob = prod.seedRunningJobs(1).get(0);
        String script =
                "fineTuneJob(jobId: '" + prodJob + "', endpoint: '" + prod.baseUrl() + "', credentialsId: 'prod-key')";

        WorkflowRun refused = run(script, Result.FAILURE);
        j.assertLogContains("is not the endpoint of a configured Azure AI Foundry resource", refused);
        assertThat(prod.requestCount(), is(0));

        allowUnconfiguredEndpoints();
        WorkflowRun allowed = run(script, Result.SUCCESS);
        j.assertLogContains(
                "Azure AI Foundry: calling " + prod.baseUrl() + ", which is not the endpoint of a configured resource",
                allowed);
        assertThat(prod.requestCount(), is(1));

        FoundryFineTuningConfiguration.get().setRestrictEndpoints(true);
        FoundryFineTuningConfiguration.get().setResources(List.of(resource("prod", prod, "prod-key")));
        run("fineTuneJob(jobId: '" + prodJob + "', resource: 'prod')", Result.SUCCESS);
        assertThat(prod.requestCount(), is(2));
    }

    @Test
    void resourceNamesAreUnique() {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> config.setResources(
                        List.of(resource("prod", prod, "prod-key"), resource("prod", emulator, CREDENTIALS_ID))));
        assertThat(
                e.getMessage(),
                is("resources: the name 'prod' is used by more than one resource; names must be unique"));
        assertThat(config.getResource("prod").getEndpoint(), is(prod.baseUrl()));
    }

    @Test
    void aSubmittedFormWithTwoResourcesOfOneNameChangesNothingInMemoryOrOnDisk() throws Exception {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        File onDisk = new File(j.jenkins.getRootDir(), FoundryFineTuningConfiguration.class.getName() + ".xml");
        String savedBefore = Files.readString(onDisk.toPath());
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            HtmlForm form = wc.goTo("manage/configure").getFormByName("config");
            resourceNameInput(form, "prod").setValue("dev");
            form.getInputByName("_.maxRetries").setValue("7"); // submitted together: all or nothing
            form.getInputByName("_.restrictEndpoints").setChecked(false);

            HtmlPage refused = j.submit(form);

            assertThat(
                    refused.asNormalizedText(),
                    containsString(
                            "resources: the name 'dev' is used by more than one resource; names must be unique"));
        }
        assertThat(config.getResources().stream().map(FoundryResource::getName).toList(), is(List.of("dev", "prod")));
        assertThat(config.getResource("prod").getEndpoint(), is(prod.baseUrl()));
        assertThat(config.getMaxRetries(), is(0));
        assertThat(config.isRestrictEndpoints(), is(true));
        assertThat(Files.readString(onDisk.toPath()), is(savedBefore));
        config.load();
        assertThat(config.getResources().stream().map(FoundryResource::getName).toList(), is(List.of("dev", "prod")));
        assertThat(config.getResource("prod").getCredentialsId(), is("prod-key"));

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlForm form = wc.goTo("manage/configure").getFormByName("config");
            resourceNameInput(form, "prod").setValue("production");
            form.getInputByName("_.maxRetries").setValue("7");
            j.submit(form);
        }
        config.load();
        assertThat(
                config.getResources().stream().map(FoundryResource::getName).toList(),
                is(List.of("dev", "production")));
        assertThat(config.getResource("production").getEndpoint(), is(prod.baseUrl()));
        assertThat(config.getMaxRetries(), is(7));
    }

    private static HtmlInput resourceNameInput(HtmlForm form, String name) {
        return form.getInputsByName("_.name").stream()
                .filter(input -> name.equals(input.getValue()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource named " + name + " in the form"));
    }

    @Test
    void theGlobalFormKeepsResourcesAndTheFolderFormItsDefault() throws Exception {
        FoundryFineTuningConfiguration.get().setRestrictEndpoints(false); // on by default: the round trip keeps off
        j.configRoundtrip();
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        assertThat(config.getResources().stream().map(FoundryResource::getName).toList(), is(List.of("dev", "prod")));
        assertThat(config.getResource("prod").getCredentialsId(), is("prod-key"));
        assertThat(config.getResource("prod").getEndpoint(), is(prod.baseUrl()));
        assertThat(config.isRestrictEndpoints(), is(false));

        Folder team = j.jenkins.createProject(Folder.class, "team");
        team.getProperties().add(new FoundryFolderProperty("prod"));
        j.configRoundtrip(team);
        assertThat(team.getProperties().get(FoundryFolderProperty.class).getResource(), is("prod"));
    }
}
