package io.jenkins.plugins.finetune.forms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.builders.PauseFineTuneBuilder;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.steps.PauseFineTuneStep;
import io.jenkins.plugins.finetune.steps.PauseFineTunesStep;
import io.jenkins.plugins.finetune.steps.WithFoundryStep;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.access.AccessDeniedException;

/** Form validation, credential listing and "Test connection" check permissions (MockAuthorizationStrategy). */
@WithJenkins
class FormValidationPermissionTest extends FoundryTestSupport {

    private FreeStyleProject project;

    @BeforeEach
    void setUpProjectAndSecurity() throws Exception {
        emulator.seedRunningJobs(1);
        project = j.createFreeStyleProject("p");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE)
                .everywhere()
                .to("configurer"));
    }

    private static ACLContext as(String user) {
        return ACL.as(User.getById(user, true));
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(option -> option.value).toList();
    }

    @Test
    void globalTestConnectionNeedsAdminister() {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        try (ACLContext ignored = as("reader")) {
            assertThrows(AccessDeniedException.class, () -> config.doTestConnection(null, null, null, null, null));
        }
        try (ACLContext ignored = as("configurer")) {
            assertThrows(AccessDeniedException.class, () -> config.doTestConnection(null, null, null, null, null));
        }
        try (ACLContext ignored = as("admin")) {
            FormValidation result =
                    config.doTestConnection(emulator.baseUrl(), FoundryTestSupport.CREDENTIALS_ID, "v1", "5", "5");
            assertThat(result.renderHtml(), result.kind, is(FormValidation.Kind.OK));
            assertThat(result.renderHtml(), containsString("Connected"));
        }
    }

    @Test
    void globalCredentialsAreListedOnlyForAdministrators() {
        FoundryFineTuningConfiguration config = FoundryFineTuningConfiguration.get();
        try (ACLContext ignored = as("reader")) {
            assertThat(
                    values(config.doFillCredentialsIdItems("", null)), not(hasItem(FoundryTestSupport.CREDENTIALS_ID)));
        }
        try (ACLContext ignored = as("admin")) {
            assertThat(values(config.doFillCredentialsIdItems("", null)), hasItem(FoundryTestSupport.CREDENTIALS_ID));
        }
    }

    @Test
    void jobCredentialsAreListedOnlyForUsersWhoCanConfigureOrUseThem() {
        // the step's descriptor serves the drop-down of the freestyle build step's form too (it holds the step)
        PauseFineTuneStep.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(PauseFineTuneStep.DescriptorImpl.class);
        try (ACLContext ignored = as("reader")) {
            assertThat(
                    values(descriptor.doFillCredentialsIdItems(project, "", null, null)),
                    not(hasItem(FoundryTestSupport.CREDENTIALS_ID)));
            FormValidation check = descriptor.doCheckCredentialsId(project, "no-such-id", null, null);
            assertThat(check.kind, is(FormValidation.Kind.OK)); // no information leaks to readers
        }
        try (ACLContext ignored = as("configurer")) {
            assertThat(
                    values(descriptor.doFillCredentialsIdItems(project, "", null, null)),
                    hasItem(FoundryTestSupport.CREDENTIALS_ID));
            assertThat(
                    descriptor.doCheckCredentialsId(project, "no-such-id", null, null).kind,
                    is(FormValidation.Kind.ERROR));
        }
    }

    @Test
    void jobTestConnectionNeedsConfigure() {
        PauseFineTuneBuilder.DescriptorImpl descriptor =
                j.jenkins.getDescriptorByType(PauseFineTuneBuilder.DescriptorImpl.class);
        try (ACLContext ignored = as("reader")) {
            assertThrows(
                    AccessDeniedException.class, () -> descriptor.doTestConnection(project, null, null, null, null));
        }
        try (ACLContext ignored = as("configurer")) {
            FormValidation result = descriptor.doTestConnection(project, null, null, null, null);
            assertThat(result.renderHtml(), result.kind, is(FormValidation.Kind.OK));
        }
    }

    @Test
    void testConnectionOverHttpNeedsPostAndPermission() throws Exception {
        String url = "descriptorByName/" + FoundryFineTuningConfiguration.class.getName() + "/testConnection";
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("admin");
            WebResponse get = wc.goTo(url, null).getWebResponse();
            // Stapler's @POST (org.kohsuke.stapler.verb.POST) cancels dispatch for other verbs, so a GET finds
            // nothing and is answered 404 (only @RequirePOST answers 405).
            assertThat(get.getStatusCode(), is(404));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("reader");
            WebRequest post = new WebRequest(j.getURL().toURI().resolve(url).toURL(), HttpMethod.POST);
            WebResponse response = wc.getPage(wc.addCrumb(post)).getWebResponse();
            assertThat(response.getStatusCode(), is(403));
        }
    }

    /**
     * The connection fields' form methods are an interface's default methods ({@link ConnectionFieldForms}): Stapler
     * serves them for a single-job step, {@code withFoundry} and a bulk step alike (the freestyle build steps render
     * the steps' forms, so they use these too), by POST only, and a form finds its checks.
     */
    @Test
    void sharedConnectionFieldMethodsAreServedByPostForEveryDescriptor() throws Exception {
        List<Class<?>> describables = List.of(PauseFineTuneStep.class, WithFoundryStep.class, PauseFineTunesStep.class);
        for (Class<?> type : describables) {
            // How Descriptor finds a field's check for its form (calcCheckUrl): a public method by that name.
            assertThat(
                    type.getName(),
                    hudson.util.ReflectionUtils.getPublicMethodNamed(
                            j.jenkins
                                    .getDescriptorOrDie(type.asSubclass(hudson.model.Describable.class))
                                    .getClass(),
                            "doCheckEndpoint"),
                    org.hamcrest.Matchers.notNullValue());
            // On the job's page, as the job's configuration form asks: the item is the job the user may configure.
            String url = project.getUrl() + "descriptorByName/" + type.getName() + "/checkEndpoint?value="
                    + URLEncoder.encode("ftp://elsewhere", StandardCharsets.UTF_8);
            try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
                wc.login("configurer");
                assertThat(type.getName(), wc.goTo(url, null).getWebResponse().getStatusCode(), is(404));
                WebRequest post = new WebRequest(j.getURL().toURI().resolve(url).toURL(), HttpMethod.POST);
                WebResponse response = wc.getPage(wc.addCrumb(post)).getWebResponse();
                assertThat(type.getName(), response.getStatusCode(), is(200));
                assertThat(type.getName(), response.getContentAsString(), containsString("error"));
            }
            String resources = project.getUrl() + "descriptorByName/" + type.getName() + "/fillResourceItems";
            try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
                wc.login("configurer");
                WebRequest post =
                        new WebRequest(j.getURL().toURI().resolve(resources).toURL(), HttpMethod.POST);
                WebResponse response = wc.getPage(wc.addCrumb(post)).getWebResponse();
                assertThat(type.getName(), response.getStatusCode(), is(200));
                assertThat(type.getName(), response.getContentAsString(), containsString("\"values\""));
            }
        }
    }

    @Test
    void eachResourceHasATestConnectionForAdministratorsThatNamesIt() {
        FoundryResource.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(FoundryResource.DescriptorImpl.class);
        String endpoint = emulator.baseUrl();
        try (ACLContext ignored = as("reader")) {
            assertThrows(
                    AccessDeniedException.class,
                    () -> descriptor.doTestConnection("staging", endpoint, CREDENTIALS_ID, null, null, null));
        }
        try (ACLContext ignored = as("configurer")) {
            assertThrows(
                    AccessDeniedException.class,
                    () -> descriptor.doTestConnection("staging", endpoint, CREDENTIALS_ID, null, null, null));
        }
        try (ACLContext ignored = as("admin")) {
            // The values of the form, not yet saved: no resource named 'staging' is configured.
            FormValidation ok = descriptor.doTestConnection("staging", endpoint, CREDENTIALS_ID, "", "", "");
            assertThat(ok.renderHtml(), ok.kind, is(FormValidation.Kind.OK));
            assertThat(ok.renderHtml(), containsString("Resource 'staging': Connected to " + endpoint));

            FormValidation unknown = descriptor.doTestConnection("staging", endpoint, "no-such-id", "", "", "");
            assertThat(unknown.kind, is(FormValidation.Kind.ERROR));
            assertThat(
                    unknown.renderHtml(),
                    containsString("Resource 'staging': Cannot find credentials with id &#039;no-such-id&#039;"));

            FormValidation noEndpoint = descriptor.doTestConnection("<b>x</b>", "", CREDENTIALS_ID, "", "", "");
            assertThat(noEndpoint.kind, is(FormValidation.Kind.ERROR));
            assertThat(
                    noEndpoint.renderHtml(),
                    is("Resource '&lt;b&gt;x&lt;/b&gt;': Required: the resource&#039;s endpoint."));
        }
    }

    @Test
    void resourceTestConnectionOverHttpNeedsPostAndAdminister() throws Exception {
        String url = "descriptorByName/" + FoundryResource.class.getName() + "/testConnection";
        String query = "?name=staging&endpoint=" + URLEncoder.encode(emulator.baseUrl(), StandardCharsets.UTF_8)
                + "&credentialsId=" + CREDENTIALS_ID;
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("admin");
            assertThat(wc.goTo(url + query, null).getWebResponse().getStatusCode(), is(404));
            WebRequest post =
                    new WebRequest(j.getURL().toURI().resolve(url + query).toURL(), HttpMethod.POST);
            WebResponse response = wc.getPage(wc.addCrumb(post)).getWebResponse();
            assertThat(response.getStatusCode(), is(200));
            assertThat(response.getContentAsString(), containsString("Resource 'staging': Connected to"));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("configurer");
            WebRequest post =
                    new WebRequest(j.getURL().toURI().resolve(url + query).toURL(), HttpMethod.POST);
            assertThat(wc.getPage(wc.addCrumb(post)).getWebResponse().getStatusCode(), is(403));
        }
    }
}
