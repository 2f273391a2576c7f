package io.jenkins.plugins.finetune.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import java.io.Serial;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * "The Agent VM identity for Foundry fine-tuning": holds no secret. A step with {@code callFrom: 'agent'} asks the
 * agent's own token endpoint (IMDS on an Azure VM, {@code IDENTITY_ENDPOINT} on App Service and Container Instances)
 * for a Microsoft Entra ID token there, so nothing secret leaves the controller. Optionally names a user-assigned
 * identity by its client id; blank: the system-assigned one.
 */
public class AgentIdentityCredentials extends BaseStandardCredentials {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Pattern CLIENT_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private String clientId;

    @DataBoundConstructor
    public AgentIdentityCredentials(
            @CheckForNull CredentialsScope scope, @CheckForNull String id, @CheckForNull String description) {
        super(scope, id, description);
    }

    /** The client id of a user-assigned managed identity; {@code null}: the system-assigned identity. */
    @CheckForNull
    public String getClientId() {
        return clientId;
    }

    @DataBoundSetter
    public void setClientId(@CheckForNull String clientId) {
        this.clientId = Util.fixEmptyAndTrim(clientId);
    }

    /** What authenticates, in messages: never a secret, since there is none. */
    @NonNull
    public String describeIdentity() {
        return clientId == null
                ? Messages.AgentIdentityCredentials_SystemAssigned()
                : Messages.AgentIdentityCredentials_UserAssigned(clientId);
    }

    @Extension
    @Symbol("foundryAgentIdentity")
    public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AgentIdentityCredentials_DisplayName();
        }

        /** A format check of the typed text only, for those who can see Jenkins at all. */
        @POST
        public FormValidation doCheckClientId(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.READ)) {
                return FormValidation.ok();
            }
            String id = Util.fixEmptyAndTrim(value);
            return id == null || CLIENT_ID.matcher(id).matches()
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.AgentIdentityCredentials_ClientIdFormat());
        }
    }
}
