package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.execution.FoundryCall;
import io.jenkins.plugins.finetune.forms.CredentialsField;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import io.jenkins.plugins.finetune.forms.FormAccess;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every fine-tuning Pipeline step has: {@code credentialsId}, {@code endpoint} and {@code apiVersion},
 * each falling back to the global configuration ({@link FoundryCall} resolves them). Steps need no node.
 */
public abstract class FoundryStep extends Step {

    private String apiVersion;
    private String credentialsId;
    private String endpoint;

    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    /** {@code v1}, {@code preview} or a dated version; blank: the global default, else {@code v1}. */
    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (API key), Azure service principal or managed identity; blank: the global default. */
    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    /** e.g. {@code https://my-resource.openai.azure.com}; blank: the global default. */
    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    /** Context and form handling shared by the descriptors of all fine-tuning steps. */
    public abstract static class FoundryStepDescriptor extends StepDescriptor {

        /** The build and its log; no {@code FilePath}, {@code Launcher} or node: only HTTPS calls. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsField.fillCredentialsIdItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> CredentialsField.checkCredentialsId(item, value, false));
        }

        @POST
        public FormValidation doCheckEndpoint(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkEndpoint(value, true));
        }

        @POST
        public FormValidation doCheckApiVersion(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkApiVersion(value));
        }
    }
}
