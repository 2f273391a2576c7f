package io.jenkins.plugins.finetune.configuration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.credentials.AzureCloud;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One named Azure AI Foundry resource of the global configuration ({@code resource: 'prod'} in a step):
 * endpoint, credentials, default api-version, Azure cloud and, rarely, an explicit Entra ID token scope.
 */
public class FoundryResource implements Describable<FoundryResource> {

    /** Names as they appear in Jenkinsfiles: no blanks or quotes to escape. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;
    private String endpoint;
    private String credentialsId;
    private String apiVersion;
    private String cloud;
    private String callFrom;
    private boolean agentsMayUseControllerIdentity;
    // An OAuth scope URL such as https://cognitiveservices.azure.com/.default: public, not a secret, stored as is.
    @SuppressWarnings("lgtm[jenkins/plaintext-storage]")
    private String tokenScope;

    @DataBoundConstructor
    public FoundryResource(@NonNull String name) {
        this.name = Util.fixNull(name).trim();
    }

    @NonNull
    public String getName() {
        return name;
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

    /** Blank: the global default api-version. */
    @CheckForNull
    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(@CheckForNull String apiVersion) {
        this.apiVersion = Util.fixEmptyAndTrim(apiVersion);
    }

    /** An {@link AzureCloud} name; blank: the cloud of the Azure credentials (public for API keys). */
    @CheckForNull
    public String getCloud() {
        return cloud;
    }

    @DataBoundSetter
    public void setCloud(@CheckForNull String cloud) {
        AzureCloud parsed = AzureCloud.parse(cloud);
        this.cloud = parsed == null ? null : parsed.name();
    }

    /** {@code agent}: steps using this resource call from their agent unless they say otherwise; blank: controller. */
    @CheckForNull
    public String getCallFrom() {
        return callFrom;
    }

    @DataBoundSetter
    public void setCallFrom(@CheckForNull String callFrom) {
        CallFrom parsed = CallFrom.parse(callFrom, "callFrom");
        this.callFrom = parsed == null || parsed == CallFrom.CONTROLLER ? null : parsed.value();
    }

    /**
     * Whether a token the controller gets for its own identity (credentials that stand for the controller, such as
     * its managed identity) may be sent to the agent of a build that calls this resource from its agent
     * ({@code callFrom: 'agent'}). Off: such calls are refused before any token is asked for.
     */
    public boolean isAgentsMayUseControllerIdentity() {
        return agentsMayUseControllerIdentity;
    }

    @DataBoundSetter
    public void setAgentsMayUseControllerIdentity(boolean agentsMayUseControllerIdentity) {
        this.agentsMayUseControllerIdentity = agentsMayUseControllerIdentity;
    }

    /** An explicit Entra ID scope, for clouds this plugin does not know; blank: the cloud's. */
    @CheckForNull
    public String getTokenScope() {
        return tokenScope;
    }

    @DataBoundSetter
    public void setTokenScope(@CheckForNull String tokenScope) {
        this.tokenScope = Util.fixEmptyAndTrim(tokenScope);
    }

    /**
     * The Entra ID scope to ask tokens for: the explicit one, else the cloud's; {@code null}: the cloud of the
     * credentials decides.
     */
    @CheckForNull
    public String effectiveTokenScope() {
        if (tokenScope != null) {
            return tokenScope;
        }
        AzureCloud parsed = AzureCloud.parse(cloud);
        return parsed == null ? null : parsed.scope();
    }

    @Override
    public String toString() {
        return "FoundryResource[" + name + "]";
    }

    @Extension
    @Symbol("foundryResource")
    public static final class DescriptorImpl extends Descriptor<FoundryResource> {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FoundryResource_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return FormAccess.ifCanConfigure(null, () -> checkName(value));
        }

        @POST
        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            return FormAccess.ifCanConfigure(
                    null,
                    () -> Util.fixEmptyAndTrim(value) == null
                            ? FormValidation.error(Messages.FoundryResource_EndpointRequired())
                            : ConnectionForms.get().checkEndpoint(value));
        }

        @POST
        public FormValidation doCheckApiVersion(@QueryParameter String value) {
            return FormAccess.ifCanConfigure(null, () -> ConnectionForms.get().checkApiVersion(value));
        }

        @POST
        public FormValidation doCheckTokenScope(@QueryParameter String value) {
            return FormAccess.ifCanConfigure(null, () -> checkTokenScope(value));
        }

        /** Refreshed when the endpoint changes: only credentials whose domain admits its host. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(
                @QueryParameter String credentialsId, @QueryParameter String endpoint) {
            return ConnectionForms.get().fillCredentialsIdItems(credentialsId, endpoint);
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String endpoint) {
            return FormAccess.ifCanConfigure(null, () -> ConnectionForms.get().checkCredentialsId(value, endpoint));
        }

        /**
         * "Test connection" of this resource, with the values in its form (not yet saved): lists one job. Only
         * administrators may use it, since it uses credentials on behalf of the whole instance.
         */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String name,
                @QueryParameter String endpoint,
                @QueryParameter String credentialsId,
                @QueryParameter String apiVersion,
                @QueryParameter String cloud,
                @QueryParameter String tokenScope) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            FoundryResource resource = new FoundryResource(name);
            try {
                resource.setEndpoint(endpoint);
                resource.setCredentialsId(credentialsId);
                resource.setApiVersion(apiVersion);
                resource.setCloud(cloud);
                resource.setTokenScope(tokenScope);
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            return ConnectionForms.get().testResource(resource);
        }

        @POST
        public ListBoxModel doFillCallFromItems() {
            ListBoxModel items = new ListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return items;
            }
            items.add(Messages.CallFrom_ControllerDefault(), "");
            items.add(Messages.CallFrom_Agent(), CallFrom.AGENT.value());
            return items;
        }

        @POST
        public ListBoxModel doFillCloudItems() {
            ListBoxModel items = new ListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return items;
            }
            items.add(Messages.FoundryResource_CloudOfCredentials(), "");
            for (AzureCloud cloud : AzureCloud.values()) {
                items.add(cloud.getDisplayName(), cloud.name());
            }
            return items;
        }

        static FormValidation checkName(@CheckForNull String value) {
            String name = Util.fixEmptyAndTrim(value);
            if (name == null) {
                return FormValidation.error(Messages.FoundryResource_NameRequired());
            }
            return NAME.matcher(name).matches()
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.FoundryResource_NameCharacters());
        }

        static FormValidation checkTokenScope(@CheckForNull String value) {
            String scope = Util.fixEmptyAndTrim(value);
            if (scope == null) {
                return FormValidation.ok();
            }
            return scope.startsWith("https://") && scope.endsWith("/.default")
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.FoundryResource_TokenScopeFormat());
        }
    }
}
