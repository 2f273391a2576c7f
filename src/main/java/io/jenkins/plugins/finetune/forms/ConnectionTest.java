package io.jenkins.plugins.finetune.forms;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.calls.Clients;
import io.jenkins.plugins.finetune.calls.Connection;
import io.jenkins.plugins.finetune.calls.FoundryTarget;
import io.jenkins.plugins.finetune.calls.HostRequirements;
import io.jenkins.plugins.finetune.calls.IdentityRules;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningJob;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.client.Page;
import io.jenkins.plugins.finetune.configuration.CallFrom;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.configuration.FoundryResource;
import io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.util.Objects;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The "Test connection" buttons: of the global configuration, of each of its resources and of the build steps.
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
        return resolveAndTest(item, target, true, connectTimeoutSeconds, responseTimeoutSeconds);
    }

    /**
     * The global configuration's own "Test connection": the default endpoint and credentials as typed, not yet saved.
     * The administrator is configuring them, so they count as configured (saved, they are). Callers must have checked
     * {@code Jenkins.ADMINISTER}.
     */
    public static FormValidation testDefaults(
            @NonNull FoundryTarget target, int connectTimeoutSeconds, int responseTimeoutSeconds) {
        return resolveAndTest(null, target, false, connectTimeoutSeconds, responseTimeoutSeconds);
    }

    /** {@code restricted}: an endpoint outside the configured ones is refused where the administrator said so. */
    private static FormValidation resolveAndTest(
            @CheckForNull Item item,
            @NonNull FoundryTarget target,
            boolean restricted,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds) {
        Connection connection;
        try {
            connection = Connection.resolve(target, item == null ? null : item.getParent());
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        if (restricted
                && !connection.configured()
                && FoundryFineTuningConfiguration.get().isRestrictEndpoints()) {
            return FormValidation.error(Messages.ConnectionTest_EndpointRestricted(
                    connection.endpoint().host()));
        }
        return test(item, connection, connectTimeoutSeconds, responseTimeoutSeconds);
    }

    /**
     * The "Test connection" of one resource of the global configuration, with the values in its form (not yet
     * saved) and the saved timeouts; the answer names the resource. Callers must have checked
     * {@code Jenkins.ADMINISTER}.
     */
    public static FormValidation testResource(@NonNull FoundryResource resource) {
        String name = resource.getName().isEmpty() ? "?" : resource.getName();
        FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
        FormValidation answer;
        if (resource.getEndpoint() == null) {
            answer = FormValidation.error(Messages.FoundryResource_EndpointRequired());
        } else {
            try {
                Connection connection = new Connection(
                        name,
                        FoundryEndpoint.parse(resource.getEndpoint()),
                        Objects.requireNonNullElse(
                                Clients.firstNonBlank(resource.getApiVersion(), global.getApiVersion()),
                                FoundryFineTuningConfiguration.DEFAULT_API_VERSION),
                        resource.getCredentialsId(),
                        resource.effectiveTokenScope(),
                        true,
                        true, // an administrator's resource: its endpoint and credentials
                        resource.isAgentsMayUseControllerIdentity(),
                        null); // the button runs on the controller, whatever the resource's callFrom
                answer = test(null, connection, global.getConnectTimeoutSeconds(), global.getResponseTimeoutSeconds());
            } catch (IllegalArgumentException e) {
                answer = FormValidation.error(e.getMessage());
            }
        }
        // The answer's message is markup already (escaped when it was made): escape only the name added to it.
        String named = Messages.ConnectionTest_ForResource(Util.escape(name), answer.getMessage());
        if (answer.kind != FormValidation.Kind.OK && CallFrom.AGENT.value().equals(resource.getCallFrom())) {
            named += " " + Util.escape(Messages.ConnectionTest_CalledFromAgents());
        }
        return switch (answer.kind) {
            case OK -> FormValidation.okWithMarkup(named);
            case WARNING -> FormValidation.warningWithMarkup(named);
            case ERROR -> FormValidation.errorWithMarkup(named);
        };
    }

    private static FormValidation test(
            @CheckForNull Item item, Connection connection, int connectTimeoutSeconds, int responseTimeoutSeconds) {
        String effectiveCredentialsId = connection.credentialsId();
        if (effectiveCredentialsId == null) {
            return FormValidation.error(
                    connection.resource() != null
                            ? Messages.ConnectionTest_NoResourceCredentials(connection.resource())
                            : Messages.ConnectionTest_NoCredentials());
        }
        StandardCredentials credentials = CredentialsField.lookupForConnectionTest(
                item, effectiveCredentialsId, HostRequirements.of(connection.endpoint()));
        if (credentials == null) {
            return FormValidation.error(Messages.ConnectionTest_CredentialsNotFoundForHost(
                    effectiveCredentialsId, connection.endpoint().host()));
        }
        if (credentials instanceof AgentIdentityCredentials) {
            return FormValidation.warning(Messages.ConnectionTest_AgentIdentity(effectiveCredentialsId));
        }
        FoundryCredentialResolver resolver = FoundryCredentialResolver.forCredentials(credentials);
        if (resolver == null) {
            return FormValidation.error(Messages.CredentialsField_Unsupported(
                    effectiveCredentialsId, FoundryCredentialResolver.describeSupported()));
        }
        // A job's button follows the builds' rules: the controller's own identity only as the administrator
        // configured it. Without a job, the caller is an administrator (checked), testing their own settings.
        String refusal = item == null ? null : IdentityRules.refusal(connection, credentials, resolver);
        if (refusal == null && item != null) {
            refusal = IdentityRules.folderCopyRefusal(connection, credentials, resolver, item);
        }
        if (refusal != null) {
            return FormValidation.error(refusal);
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
                    return FormValidation.ok(Messages.ConnectionTest_ConnectedNoJobs(client.endpoint()));
                }
                FineTuningJob first = page.data().get(0);
                // Azure's text is untrusted: FormValidation escapes it for the page; strip what a console would show.
                return FormValidation.ok(Messages.ConnectionTest_ConnectedLatest(
                        client.endpoint(),
                        ConsoleText.sanitize(first.id()),
                        first.status() == null
                                ? "?"
                                : ConsoleText.sanitize(first.status().value())));
            }
        } catch (FineTuningInterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error(Messages.ConnectionTest_Interrupted());
        } catch (FineTuningException | IllegalArgumentException e) {
            // Client messages are user-actionable and never carry a secret.
            return FormValidation.error(e.getMessage());
        }
    }
}
