package io.jenkins.plugins.finetune.forms;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import io.jenkins.plugins.finetune.execution.Clients;
import io.jenkins.plugins.finetune.execution.Connection;
import io.jenkins.plugins.finetune.execution.FoundryTarget;
import io.jenkins.plugins.finetune.execution.HostRequirements;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The "Test connection" button of the global configuration and of the build steps.
 */
@Restricted(NoExternalUse.class)
public final class ConnectionTest {

    private ConnectionTest() {}

    /**
     * Lists one job with the given settings, resolved as a build in {@code item} would resolve them.
     * Callers must have checked {@code Jenkins.ADMINISTER} or {@code Item.CONFIGURE}.
     */
    public static FormValidation testConnection(
            @CheckForNull Item item,
            @NonNull FoundryTarget target,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds) {
        Connection connection;
        try {
            connection = Connection.resolve(target, item == null ? null : item.getParent());
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        if (!connection.configured() && FoundryFineTuningConfiguration.get().isRestrictEndpoints()) {
            return FormValidation.error("Host " + connection.endpoint().host()
                    + " is not the endpoint of a configured resource, and this Jenkins only allows those.");
        }
        String effectiveCredentialsId = connection.credentialsId();
        if (effectiveCredentialsId == null) {
            return FormValidation.error(
                    "No credentials: select some here, on the resource or in the global " + "configuration.");
        }
        StandardCredentials credentials = CredentialsField.lookupForForm(
                item, effectiveCredentialsId, HostRequirements.of(connection.endpoint()));
        if (credentials == null) {
            return FormValidation.error("Cannot find credentials with id '" + effectiveCredentialsId
                    + "' that may be sent to host " + connection.endpoint().host() + ".");
        }
        FoundryCredentialResolver resolver = FoundryCredentialResolver.forCredentials(credentials);
        if (resolver == null) {
            return FormValidation.error("Credentials '" + effectiveCredentialsId + "' are not of a supported kind; use "
                    + FoundryCredentialResolver.describeSupported() + ".");
        }
        try {
            FoundryCredential credential = resolver.resolve(credentials, connection.tokenScope());
            try (FineTuningClient client = Clients.create(
                    connection.endpoint().baseUrl(),
                    connection.apiVersion(),
                    credential,
                    connectTimeoutSeconds,
                    responseTimeoutSeconds,
                    0)) {
                Page<FineTuningJob> page = client.listJobs(null, 1);
                if (page.data().isEmpty()) {
                    return FormValidation.ok("Connected to " + client.endpoint() + ": no fine-tuning jobs yet.");
                }
                FineTuningJob first = page.data().get(0);
                return FormValidation.ok("Connected to " + client.endpoint() + ": latest job " + first.id() + " is "
                        + first.status().value() + ".");
            }
        } catch (FineTuningInterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error("Interrupted.");
        } catch (FineTuningException | IllegalArgumentException e) {
            // Client messages are user-actionable and never carry a secret.
            return FormValidation.error(e.getMessage());
        }
    }
}
