package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ApiVersion;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FineTuningTransportException;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.AgentIdentityCredentials;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The connection part every step and build step shares: resolve resource, endpoint, api-version and
 * credentials ({@link Connection}), look the credentials up as the build, for the endpoint's host, and track
 * them, lease the shared client ({@link ClientCache}),
 * run one piece of work with it, and turn the client's errors into build failures. No HTTP, JSON or status
 * logic here.
 */
@Restricted(NoExternalUse.class)
public final class FoundryCall {

    private FoundryCall() {}

    /** The work done with an open client; may throw the client's unchecked exceptions. */
    @FunctionalInterface
    public interface Work<T> {
        T run(@NonNull FineTuningClient client) throws IOException, InterruptedException;
    }

    /**
     * @param target what the step names; resolved by {@link Connection#resolve}
     * @param listener where to say which host an endpoint outside the configured resources is; {@code null}:
     *     nowhere
     * @param what completes "Could not …" in error messages, e.g. {@code pause fine-tuning job 'ftjob-abc'}
     * @throws AbortException with a user-actionable message (never a secret) when the call cannot be made; a
     *     {@link FoundryCallException} when Azure refused it or did not answer
     * @throws InterruptedException when the build is aborted while waiting for Azure
     */
    public static <T> T run(
            @NonNull FoundryTarget target,
            @NonNull Run<?, ?> run,
            @CheckForNull TaskListener listener,
            @NonNull String what,
            @NonNull Work<T> work)
            throws IOException, InterruptedException {
        Connection connection;
        try {
            connection = Connection.resolve(target, run.getParent().getParent());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        checkAllowed(connection, listener);
        warnOfUnknownApiVersion(connection, listener);
        StandardCredentials credentials = credentials(connection, run);
        FoundryCredentialResolver resolver = resolver(connection, credentials);
        String refusal = IdentityRules.refusal(connection, credentials, resolver);
        if (refusal == null) {
            refusal = IdentityRules.folderCopyRefusal(connection, credentials, resolver, run.getParent());
        }
        if (refusal != null) {
            throw new AbortException(refusal); // before any token is asked for
        }
        AgentRoute route = route(connection, credentials);
        SharedCredential credential = credential(connection, run, credentials, resolver);
        try (ClientLease lease = ClientCache.get().lease(connection, credential, route)) {
            return work.run(lease.client());
        } catch (FineTuningInterruptedException e) {
            InterruptedException interrupted = new InterruptedException(e.getMessage());
            interrupted.initCause(e);
            throw interrupted;
        } catch (FineTuningException | IllegalArgumentException e) {
            // The client's messages name the field, the HTTP status, Azure's error code and message, the
            // request id and the job's status; they never contain a secret.
            // A network failure names the resource too: which of several was slow or away is what the reader needs.
            String prefix = e instanceof FineTuningTransportException && connection.resource() != null
                    ? Messages.FoundryCall_CouldNotOnResource(what, connection.resource())
                    : Messages.FoundryCall_CouldNot(what);
            String message = ConsoleText.sanitize(String.valueOf(e.getMessage())); // Azure's text is untrusted
            // Errors from Azure already start with the same "Could not <action>: " the client wrote.
            throw new FoundryCallException(
                    message.startsWith(prefix) ? message : prefix + message,
                    e instanceof FineTuningException failure && failure.isTransient());
        }
    }

    /** A dated api-version the client does not know to serve fine-tuning is sent anyway, with a warning. */
    private static void warnOfUnknownApiVersion(Connection connection, @CheckForNull TaskListener listener) {
        if (listener == null) {
            return;
        }
        String warning;
        try {
            warning = ApiVersion.parse(connection.apiVersion()).unknownWarning();
        } catch (IllegalArgumentException invalid) {
            return; // the client refuses it, naming the field
        }
        if (warning != null) {
            listener.getLogger().println(Messages.FoundryCall_Warning(warning));
        }
    }

    /** An endpoint that is no configured resource's: refused if the administrator said so, else named in the log. */
    private static void checkAllowed(Connection connection, @CheckForNull TaskListener listener) throws AbortException {
        if (connection.configured()) {
            return;
        }
        String host = connection.endpoint().host();
        if (FoundryFineTuningConfiguration.get().isRestrictEndpoints()) {
            throw new AbortException(Messages.FoundryCall_EndpointNotAllowed(host));
        }
        if (listener != null) {
            listener.getLogger()
                    .println(Messages.FoundryCall_CallingUnconfiguredEndpoint(
                            connection.endpoint().baseUrl()));
        }
    }

    /**
     * {@code null} for calls from the controller; else the agent, and for its managed identity which identity and
     * scope it asks its token endpoint for. The agent's identity cannot be used from the controller.
     */
    @CheckForNull
    private static AgentRoute route(Connection connection, StandardCredentials credentials) throws AbortException {
        AgentIdentityCredentials identity =
                credentials instanceof AgentIdentityCredentials agentIdentity ? agentIdentity : null;
        String agent = connection.agent();
        if (agent == null) {
            if (identity != null) {
                throw new AbortException(Messages.FoundryCall_AgentIdentityFromController(
                        connection.credentialsId(), Messages.AgentIdentityCredentials_DisplayName()));
            }
            return null;
        }
        if (identity == null) {
            return new AgentRoute(agent, null, null);
        }
        String scope = connection.tokenScope();
        return new AgentRoute(
                agent,
                identity.getClientId(),
                scope != null ? scope : io.jenkins.plugins.finetune.client.FoundryCredential.COGNITIVE_SERVICES_SCOPE);
    }

    /** Looked up per call, as the build and for the endpoint's host. */
    @NonNull
    private static StandardCredentials credentials(Connection connection, Run<?, ?> run) throws AbortException {
        String credentialsId = connection.credentialsId();
        String host = connection.endpoint().host();
        if (credentialsId == null) {
            throw new AbortException(
                    connection.resource() != null
                            ? Messages.FoundryCall_NoResourceCredentials(connection.resource(), Connection.where())
                            : Messages.FoundryCall_NoCredentials(Connection.where()));
        }
        StandardCredentials credentials = CredentialsProvider.findCredentialById(
                credentialsId, StandardCredentials.class, run, HostRequirements.of(connection.endpoint()));
        if (credentials == null) {
            if (CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, run) != null) {
                throw new AbortException(Messages.FoundryCall_CredentialsNotForHost(credentialsId, host));
            }
            throw new AbortException(Messages.FoundryCall_CredentialsNotFound(
                    credentialsId, run.getParent().getFullName(), FoundryCredentialResolver.describeSupported()));
        }
        return credentials;
    }

    /** The installed resolver of these credentials. */
    @NonNull
    private static FoundryCredentialResolver resolver(Connection connection, StandardCredentials credentials)
            throws AbortException {
        FoundryCredentialResolver resolver = FoundryCredentialResolver.forCredentials(credentials);
        if (resolver == null) {
            throw new AbortException(Messages.FoundryCall_UnsupportedCredentials(
                    connection.credentialsId(),
                    credentials.getDescriptor().getDisplayName(),
                    FoundryCredentialResolver.describeSupported()));
        }
        return resolver;
    }

    /** The shared client credential of {@code credentials}; tracked once per build. */
    @NonNull
    private static SharedCredential credential(
            Connection connection, Run<?, ?> run, StandardCredentials credentials, FoundryCredentialResolver resolver)
            throws AbortException {
        String credentialsId = connection.credentialsId();
        SharedCredential shared;
        try {
            shared = ClientCache.get().credential(credentials, resolver, connection.tokenScope());
        } catch (RuntimeException e) {
            // e.g. azure-credentials cannot find the certificate of a service principal
            throw new AbortException(
                    Messages.FoundryCall_CredentialsUnusable(credentialsId, ConsoleText.sanitize(e.getMessage())));
        }
        CredentialUse.trackOnce(run, credentials, shared.key());
        return shared;
    }
}
