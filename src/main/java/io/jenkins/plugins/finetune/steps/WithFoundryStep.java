package io.jenkins.plugins.finetune.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.configuration.FormAccess;
import io.jenkins.plugins.finetune.configuration.ResourceField;
import io.jenkins.plugins.finetune.forms.CredentialsField;
import io.jenkins.plugins.finetune.forms.FieldChecks;
import java.io.Serial;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code withFoundry(resource: 'prod') { pauseFineTune(jobId: id) }}: the fine-tuning steps inside use this
 * resource (and/or endpoint, credentials, api-version) unless they name their own, as {@code withAWS} scopes
 * its settings. Nested blocks override the outer one: a block naming a resource replaces the outer settings,
 * otherwise it fills in what it names.
 */
public class WithFoundryStep extends Step {

    private String resource;
    private String endpoint;
    private String credentialsId;
    private String apiVersion;

    @DataBoundConstructor
    public WithFoundryStep() {}

    @CheckForNull
    public String getResource() {
        return resource;
    }

    @DataBoundSetter
    public void setResource(@CheckForNull String resource) {
        this.resource = Util.fixEmptyAndTrim(resource);
    }

    @CheckForNull
    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(@CheckForNull String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(@CheckForNull String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        FoundryTarget target = new FoundryTarget(resource, endpoint, apiVersion, credentialsId)
                .within(context.get(FoundryTarget.class));
        return new Execution(context, target);
    }

    /**
     * Starts the body with the target in its context, where the steps inside find it. The target is
     * serializable and kept by the body's context, so a resumed build still uses it.
     */
    static final class Execution extends StepExecution {

        @Serial
        private static final long serialVersionUID = 1L;

        private final FoundryTarget target;

        Execution(@NonNull StepContext context, @NonNull FoundryTarget target) {
            super(context);
            this.target = target;
        }

        @Override
        public boolean start() {
            getContext()
                    .newBodyInvoker()
                    .withContext(target)
                    .withCallback(BodyExecutionCallback.wrap(getContext()))
                    .start();
            return false;
        }

        @Override
        public void onResume() {
            // The body resumes on its own; nothing else runs here.
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "withFoundry";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WithFoundryStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of();
        }

        @POST
        public ListBoxModel doFillResourceItems(@AncestorInPath Item item, @QueryParameter String resource) {
            return ResourceField.fillResourceItems(item, resource, Messages.ResourceField_Enclosing());
        }

        @POST
        public FormValidation doCheckResource(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> ResourceField.checkResource(value));
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
        public FormValidation doCheckEndpoint(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkEndpoint(value, true));
        }

        @POST
        public FormValidation doCheckApiVersion(@AncestorInPath Item item, @QueryParameter String value) {
            return FormAccess.ifCanConfigure(item, () -> FieldChecks.checkApiVersion(value));
        }
    }
}
