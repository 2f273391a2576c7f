package io.jenkins.plugins.finetune;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.microsoft.azure.util.AzureBaseCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.finetune.client.AccessToken;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import java.util.function.Function;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Azure service principal and managed identity credentials (from the optional Azure Credentials
 * plugin): Microsoft Entra ID bearer tokens for {@link FoundryCredential#COGNITIVE_SERVICES_SCOPE}.
 *
 * <p>{@code optional = true}: when the Azure Credentials plugin is not installed this class cannot be
 * linked (its static initializer names {@link AzureBaseCredentials}), Jenkins skips the extension,
 * and API-key users never need the Azure SDK.
 */
@Extension(optional = true, ordinal = 50)
@Restricted(NoExternalUse.class)
public final class AzureCredentialResolver extends FoundryCredentialResolver {

    /** Forces linkage of the optional dependency when Jenkins instantiates this extension. */
    private static final Class<AzureBaseCredentials> TYPE = AzureBaseCredentials.class;

    /**
     * Where the azure-identity {@link TokenCredential} comes from. Tests replace it with a stub that hands
     * out tokens the emulator accepts; everything after it (scope, expiry, caching, headers) is real.
     */
    static volatile Function<AzureBaseCredentials, TokenCredential> tokenCredentialFactory =
            AzureCredentials::getTokenCredential;

    @NonNull
    @Override
    public CredentialsMatcher matcher() {
        return CredentialsMatchers.instanceOf(TYPE);
    }

    @NonNull
    @Override
    public String describe() {
        return "Azure service principal or managed identity";
    }

    @NonNull
    @Override
    public FoundryCredential resolve(@NonNull StandardCredentials credentials) {
        TokenCredential tokenCredential = tokenCredentialFactory.apply(TYPE.cast(credentials));
        return new BearerTokenCredential(scope -> {
            com.azure.core.credential.AccessToken token =
                    tokenCredential.getTokenSync(new TokenRequestContext().addScopes(scope));
            return new AccessToken(token.getToken(), token.getExpiresAt().toInstant());
        });
    }
}
