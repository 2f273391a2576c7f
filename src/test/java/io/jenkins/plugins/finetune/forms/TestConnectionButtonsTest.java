package io.jenkins.plugins.finetune.forms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.jenkins.plugins.finetune.FoundryTestSupport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import java.net.ServerSocket;
import java.util.List;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Each <i>Test connection</i> button of the global configuration tests the fields of its own section, as typed and
 * not yet saved: the global default's button the default endpoint, each resource's button that resource's endpoint.
 * Clicked in the real page (HtmlUnit runs Jenkins' own scripts, which pick the fields the button sends).
 */
@WithJenkins
class TestConnectionButtonsTest extends FoundryTestSupport {

    private String closedEndpoint;

    @BeforeEach
    void aResourceBesideTheDefault() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedEndpoint = "http://127.0.0.1:" + socket.getLocalPort(); // nothing listens there once closed
        }
        FoundryResource resource = new FoundryResource("demo");
        resource.setEndpoint(emulator.baseUrl());
        resource.setCredentialsId(CREDENTIALS_ID);
        FoundryFineTuningConfiguration.get().setResources(List.of(resource));
    }

    @Test
    void aTypoInTheDefaultEndpointFailsTheDefaultsButtonWhileTheResourcesButtonStillConnects() throws Exception {
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.goTo("manage/configure");
            defaultEndpointField(page).setValue(closedEndpoint);

            String defaults = click(globalButton(page));
            String resource = click(resourceButtons(page).get(0));

            assertThat(
                    defaults,
                    allOf(
                            containsString("Could not reach " + closedEndpoint),
                            not(containsString("Connected")),
                            not(containsString("configured resource")))); // the administrator's own defaults
            assertThat(resource, allOf(containsString("demo"), containsString("Connected to " + emulator.baseUrl())));
        }
    }

    @Test
    void aTypoInTheResourcesEndpointFailsOnlyTheResourcesButton() throws Exception {
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.goTo("manage/configure");
            resourceEndpointField(page).setValue(closedEndpoint);

            String defaults = click(globalButton(page));
            String resource = click(resourceButtons(page).get(0));

            assertThat(defaults, containsString("Connected to " + emulator.baseUrl()));
            assertThat(resource, allOf(containsString("demo"), not(containsString("Connected"))));
        }
    }

    @Test
    void withoutADefaultEndpointTheDefaultsButtonSaysThereIsNothingToTestAndTheResourcesButtonConnects()
            throws Exception {
        FoundryFineTuningConfiguration.get().setEndpoint(null);
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.goTo("manage/configure");

            String defaults = click(globalButton(page));
            String resource = click(resourceButtons(page).get(0));

            assertThat(
                    defaults,
                    allOf(
                            containsString("no default endpoint to test"),
                            not(containsString("pass 'endpoint'")))); // a step's words, not the page's
            assertThat(resource, containsString("Connected to " + emulator.baseUrl()));
        }
    }

    /** Clicks a Test connection button and returns what it shows once the answer came. */
    private static String click(HtmlButton button) throws Exception {
        HtmlElement status =
                (HtmlElement) button.getParentNode().querySelector(".jenkins-validate-button__container__status");
        button.click();
        for (int i = 0; i < 200 && status.getTextContent().isBlank(); i++) {
            button.getPage().getEnclosingWindow().getJobManager().waitForJobs(100);
        }
        return status.getTextContent();
    }

    private static HtmlButton globalButton(HtmlPage page) {
        List<HtmlButton> buttons = testButtons(page, FoundryFineTuningConfiguration.class.getName());
        assertThat(buttons, hasSize(1));
        return buttons.get(0);
    }

    private static List<HtmlButton> resourceButtons(HtmlPage page) {
        List<HtmlButton> buttons = testButtons(page, FoundryResource.class.getName());
        assertThat(buttons, hasSize(1));
        return buttons;
    }

    private static List<HtmlButton> testButtons(HtmlPage page, String descriptorId) {
        return page.querySelectorAll("button.validate-button").stream()
                .map(HtmlButton.class::cast)
                .filter(b -> "testConnection".equals(b.getAttribute("data-validate-button-method")))
                .filter(b ->
                        b.getAttribute("data-validate-button-descriptor-url").endsWith("/" + descriptorId))
                .toList();
    }

    /** The default endpoint: the {@code endpoint} input outside every resource block. */
    private static HtmlInput defaultEndpointField(HtmlPage page) {
        return endpointFields(page, false);
    }

    private static HtmlInput resourceEndpointField(HtmlPage page) {
        return endpointFields(page, true);
    }

    private static HtmlInput endpointFields(HtmlPage page, boolean inResource) {
        List<HtmlInput> inputs = page.querySelectorAll("input[name='_.endpoint']").stream()
                .map(HtmlInput.class::cast)
                .filter(input -> (input.getEnclosingElement("div") != null && insideRepeatedChunk(input)) == inResource)
                .toList();
        assertThat(inputs, hasSize(1));
        return inputs.get(0);
    }

    private static boolean insideRepeatedChunk(HtmlElement element) {
        for (org.htmlunit.html.DomNode n = element; n != null; n = n.getParentNode()) {
            if (n instanceof HtmlElement e && e.getAttribute("class").contains("repeated-chunk")) {
                return true;
            }
        }
        return false;
    }
}
