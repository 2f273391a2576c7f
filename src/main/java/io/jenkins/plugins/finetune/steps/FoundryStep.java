package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryCall;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.configuration.ResourceField;
import io.jenkins.plugins.finetune.forms.CredentialsField;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import java.io.IOException;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every fine-tuning Pipeline step has: {@code resource}, {@code credentialsId}, {@code endpoint} and
 * {@code apiVersion}, each falling back to an enclosing {@code withFoundry}, the folder default resource and the
 * global configuration ({@link FoundryCall} resolves them). Steps need no node.
 */
public abstract class FoundryStep extends Step {

    private String apiVersion;
    private String credentialsId;
    private String endpoint;
    private String resource;

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

    @CheckForNull
    public String getResource() {
        return resource;
    }

    /** A resource of the global configuration; blank: an enclosing {@code withFoundry}, the folder default, else the global defaults. */
    @DataBoundSetter
    public void setResource(@CheckForNull String resource) {
        this.resource = Util.fixEmptyAndTrim(resource);
    }

    /**
     * What this step names, inside the enclosing {@code withFoundry} blocks (their settings fill what the step
     * leaves blank, unless the step names its own resource).
     */
    @NonNull
    public FoundryTarget target(@NonNull StepContext context) throws IOException, InterruptedException {
        return new FoundryTarget(resource, endpoint, apiVersion, credentialsId)
                .within(context.get(FoundryTarget.class));
    }

    /** Context and form handling shared by the descriptors of all fine-tuning steps. */
    public abstract static class FoundryStepDescriptor extends StepDescriptor {

        /** The build and its log; no {@code FilePath}, {@code Launcher} or node: only HTTPS calls. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(
                @AncestorInPath Item item,
                @QueryParameter String credentialsId,
                @QueryParameter String resource,
                @QueryParameter String endpoint) {
            return CredentialsField.fillCredentialsIdItems(
                    item, credentialsId, CredentialsField.endpointOf(item, resource, endpoint));
        }

        @POST
        public FormValidation doCheckCredentialsId(
                @AncestorInPath Item item,
                @QueryParameter String value,
                @QueryParameter String resource,
                @QueryParameter String endpoint) {
            return FormAccess.ifCanConfigure(
                    item,
                    () -> CredentialsField.checkCredentialsId(
                            item, value, false, CredentialsField.endpointOf(item, resource, endpoint)));
        }

        @POST
        public ListBoxModel doFillResourceItems(@AncestorInPath Item item, @QueryParameter String resource) {
            return ResourceField.fillResourceItems(item, resource, Messages.ResourceField_FolderDefault());
        }

        @POST
        public FormValidation doCheckResource(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> ResourceField.checkResource(value));
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
