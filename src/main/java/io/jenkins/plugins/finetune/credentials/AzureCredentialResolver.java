package io.jenkins.plugins.finetune.credentials;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.microsoft.azure.util.AzureBaseCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.AccessToken;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import java.util.function.Function;
import org.jenkinsci.plugins.variant.OptionalExtension;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Azure service principal and managed identity credentials (from the optional Azure Credentials
 * plugin): Microsoft Entra ID bearer tokens for {@link FoundryCredential#COGNITIVE_SERVICES_SCOPE}.
 *
 * <p>Active only when the Azure Credentials plugin is installed (an optional dependency): without it
 * Jenkins never instantiates this class, and API-key users never need the Azure SDK.
 */
@OptionalExtension(requirePlugins = "azure-credentials", ordinal = 50)
@Restricted(NoExternalUse.class)
public final class AzureCredentialResolver extends FoundryCredentialResolver {

    /**
     * Where the azure-identity {@link TokenCredential} comes from. Tests replace it with a stub that hands
     * out tokens the emulator accepts; everything after it (scope, expiry, caching, headers) is real.
     */
    static volatile Function<AzureBaseCredentials, TokenCredential> tokenCredentialFactory =
            AzureCredentials::getTokenCredential;

    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(AzureBaseCredentials.class);
    }

    @NonNull
    @Override
    public String describe() {
        return "Azure service principal or managed identity";
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials) {
        TokenCredential tokenCredential = tokenCredentialFactory.apply((AzureBaseCredentials) credentials);
        return new BearerTokenCredential(scope -> {
            com.azure.core.credential.AccessToken token =
                    tokenCredential.getTokenSync(new TokenRequestContext().addScopes(scope));
            return new AccessToken(token.getToken(), token.getExpiresAt().toInstant());
        });
    }
}
