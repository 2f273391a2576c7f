package io.jenkins.plugins.finetune.execution;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.ConsoleText;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The connection part every step and build step shares: resolve endpoint, api-version and credentials
 * against the global configuration, look the credentials up as the build and track them, open a client,
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
     * @param endpoint blank: the global configuration's
     * @param apiVersion blank: the global configuration's, else {@code v1}
     * @param credentialsId blank: the global configuration's
     * @param what completes "Could not …" in error messages, e.g. {@code pause fine-tuning job 'ftjob-abc'}
     * @throws AbortException with a user-actionable message (never a secret) when the call fails
     * @throws InterruptedException when the build is aborted while waiting for Azure
     */
    public static <T> T run(
            @CheckForNull String endpoint,
            @CheckForNull String apiVersion,
            @CheckForNull String credentialsId,
            @NonNull Run<?, ?> run,
            @NonNull String what,
            @NonNull Work<T> work)
            throws IOException, InterruptedException {
        FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
        String effectiveEndpoint = Clients.firstNonBlank(endpoint, global.getEndpoint());
        if (effectiveEndpoint == null) {
            throw new AbortException("No endpoint: pass 'endpoint' or set one in Manage Jenkins » System » "
                    + Messages.FoundryFineTuningConfiguration_DisplayName() + ".");
        }
        String effectiveApiVersion = Clients.firstNonBlank(
                apiVersion, global.getApiVersion(), FoundryFineTuningConfiguration.DEFAULT_API_VERSION);
        FoundryCredential credential = credential(credentialsId, global, run);
        try (FineTuningClient client = Clients.create(effectiveEndpoint, effectiveApiVersion, credential)) {
            return work.run(client);
        } catch (FineTuningInterruptedException e) {
            InterruptedException interrupted = new InterruptedException(e.getMessage());
            interrupted.initCause(e);
            throw interrupted;
        } catch (FineTuningException | IllegalArgumentException e) {
            // The client's messages name the field, the HTTP status, Azure's error code and message, the
            // request id and the job's status; they never contain a secret.
            String prefix = "Could not " + what + ": ";
            String message = ConsoleText.sanitize(String.valueOf(e.getMessage())); // Azure's text is untrusted
            // Errors from Azure already start with the same "Could not <action>: " the client wrote.
            throw new AbortException(message.startsWith(prefix) ? message : prefix + message);
        }
    }

    @NonNull
    private static FoundryCredential credential(
            @CheckForNull String credentialsIdArgument, FoundryFineTuningConfiguration global, Run<?, ?> run)
            throws AbortException {
        String credentialsId = Clients.firstNonBlank(credentialsIdArgument, global.getCredentialsId());
        if (credentialsId == null) {
            throw new AbortException("No credentials: pass 'credentialsId' or set default credentials in "
                    + "Manage Jenkins » System » " + Messages.FoundryFineTuningConfiguration_DisplayName() + ".");
        }
        StandardCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, run);
        if (credentials == null) {
            throw new AbortException("Cannot find credentials with id '" + credentialsId + "' available to "
                    + run.getParent().getFullName() + ". Add " + FoundryCredentialResolver.describeSupported()
                    + " credentials with that id (System-scoped credentials are not visible to builds).");
        }
        FoundryCredentialResolver resolver = FoundryCredentialResolver.forCredentials(credentials);
        if (resolver == null) {
            throw new AbortException("Credentials '" + credentialsId + "' ("
                    + credentials.getDescriptor().getDisplayName()
                    + ") cannot be used for Azure AI Foundry; use " + FoundryCredentialResolver.describeSupported()
                    + ".");
        }
        CredentialsProvider.track(run, credentials);
        try {
            return resolver.resolve(credentials);
        } catch (RuntimeException e) {
            // e.g. azure-credentials cannot find the certificate of a service principal
            throw new AbortException(
                    "Credentials '" + credentialsId + "' could not be used: " + ConsoleText.sanitize(e.getMessage()));
        }
    }
}
