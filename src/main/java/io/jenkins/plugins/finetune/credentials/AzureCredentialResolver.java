package io.jenkins.plugins.finetune.credentials;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.microsoft.azure.util.AbstractManagedIdentitiesCredentials;
import com.microsoft.azure.util.AzureBaseCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.AccessToken;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import java.time.Clock;
import org.jenkinsci.plugins.variant.OptionalExtension;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Azure service principal and managed identity credentials (from the optional Azure Credentials
 * plugin): Microsoft Entra ID bearer tokens for the Azure AI Foundry scope of the credentials' cloud
 * ({@link AzureCloud}), or for the scope a resource names.
 *
 * <p>Active only when the Azure Credentials plugin is installed (an optional dependency): without it
 * Jenkins never instantiates this class, and API-key users never need the Azure SDK.
 */
@OptionalExtension(requirePlugins = "azure-credentials", ordinal = 50)
@Restricted(NoExternalUse.class)
public final class AzureCredentialResolver extends FoundryCredentialResolver {

    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(AzureBaseCredentials.class);
    }

    @NonNull
    @Override
    public String describe() {
        return Messages.AzureCredentialResolver_Kind();
    }

    /**
     * azure-credentials' managed identity ("Managed Identities for Azure Resources") holds no secret: its token
     * comes from the token endpoint of the machine that asks, here the controller's.
     */
    @Override
    public boolean isAmbient(@NonNull StandardCredentials credentials) {
        return credentials instanceof AbstractManagedIdentitiesCredentials;
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials) {
        return resolve(credentials, null);
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials, @CheckForNull String tokenScope) {
        AzureBaseCredentials azure = (AzureBaseCredentials) credentials;
        String scope = tokenScope != null ? tokenScope : cloudOf(azure).scope();
        TokenCredential tokenCredential = AzureTokenCredentials.get().tokenCredential(azure);
        return new BearerTokenCredential(
                requested -> {
                    com.azure.core.credential.AccessToken token =
                            tokenCredential.getTokenSync(new TokenRequestContext().addScopes(requested));
                    return new AccessToken(
                            token.getToken(), token.getExpiresAt().toInstant());
                },
                scope,
                BearerTokenCredential.DEFAULT_REFRESH_BEFORE_EXPIRY,
                Clock.systemUTC());
    }

    /** The cloud the credentials' Azure environment belongs to; its scope is the one Entra ID issues tokens for. */
    @NonNull
    static AzureCloud cloudOf(@NonNull AzureBaseCredentials credentials) {
        String environment = credentials.getAzureEnvironmentName();
        AzureCloud cloud = AzureCloud.forEnvironmentName(environment);
        if (cloud == null) {
            throw new IllegalArgumentException(Messages.AzureCredentialResolver_UnknownEnvironment(environment));
        }
        return cloud;
    }
}
