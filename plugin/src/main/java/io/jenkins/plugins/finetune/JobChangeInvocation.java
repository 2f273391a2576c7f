package io.jenkins.plugins.finetune;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningException;
import io.jenkins.plugins.finetune.client.FineTuningInterruptedException;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.ops.JobChangeOperation;
import io.jenkins.plugins.finetune.client.ops.JobChangeRequest;
import io.jenkins.plugins.finetune.client.ops.JobChangeResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The one execution path of the Pipeline step and the freestyle build step: resolve the settings
 * against the global configuration, look up and track the credentials, run the client's
 * {@link JobChangeOperation}, record the job on the build page. No HTTP, JSON or status logic here.
 */
final class JobChangeInvocation {

    private JobChangeInvocation() {}

    /**
     * @throws AbortException with a user-actionable message (never a secret) when the change fails
     * @throws InterruptedException when the build is aborted while waiting for Azure
     */
    @NonNull
    static JobChangeResult run(
            @NonNull JobChangeSettings settings, @NonNull Run<?, ?> run, @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        FoundryFineTuningConfiguration global = FoundryFineTuningConfiguration.get();
        String endpoint = Clients.firstNonBlank(settings.endpoint(), global.getEndpoint());
        if (endpoint == null) {
            throw new AbortException("No endpoint: pass 'endpoint' or set one in Manage Jenkins » System » "
                    + Messages.FoundryFineTuningConfiguration_DisplayName() + ".");
        }
        String apiVersion = Clients.firstNonBlank(
                settings.apiVersion(), global.getApiVersion(), FoundryFineTuningConfiguration.DEFAULT_API_VERSION);
        FoundryCredential credential = credential(settings, global, run);

        JobChangeRequest request;
        try {
            request = JobChangeRequest.builder(settings.change(), settings.jobId())
                    .failIfNotEligible(settings.failIfNotEligible())
                    .waitForFinalStatus(settings.waitForFinalStatus())
                    .timeout(Duration.ofSeconds(settings.timeoutSeconds()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }

        PrintStream logger = listener.getLogger();
        try (FineTuningClient client = Clients.create(endpoint, apiVersion, credential)) {
            JobChangeResult result = JobChangeOperation.run(client, request, logger::println);
            FineTuneJobsAction.record(run, settings.change(), result);
            return result;
        } catch (FineTuningInterruptedException e) {
            InterruptedException interrupted = new InterruptedException(e.getMessage());
            interrupted.initCause(e);
            throw interrupted;
        } catch (FineTuningException | IllegalArgumentException e) {
            // The client's messages name the field, the HTTP status, Azure's error code and message, the
            // request id and the job's status; they never contain a secret.
            throw new AbortException("Could not " + settings.change().verb() + " fine-tuning job '" + settings.jobId()
                    + "': " + e.getMessage());
        }
    }

    @NonNull
    private static FoundryCredential credential(
            JobChangeSettings settings, FoundryFineTuningConfiguration global, Run<?, ?> run) throws AbortException {
        String credentialsId = Clients.firstNonBlank(settings.credentialsId(), global.getCredentialsId());
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
            throw new AbortException("Credentials '" + credentialsId + "' could not be used: " + e.getMessage());
        }
    }
}
