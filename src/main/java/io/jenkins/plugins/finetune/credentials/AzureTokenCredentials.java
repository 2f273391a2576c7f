package io.jenkins.plugins.finetune.credentials;

import com.azure.core.credential.TokenCredential;
import com.microsoft.azure.util.AzureBaseCredentials;
import com.microsoft.azure.util.AzureCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import org.jenkinsci.plugins.variant.OptionalExtension;

/**
 * Where the azure-identity {@link TokenCredential} of Azure credentials comes from. The one built in asks the
 * Azure Credentials plugin (Microsoft Entra ID, or the managed identity endpoint). Any other extension (the
 * built-in one ranks last, ordinal -100) supplies them instead, e.g. through workload identity federation, or a
 * test's local token issuer.
 * Loaded only when the Azure Credentials plugin is installed.
 */
public abstract class AzureTokenCredentials implements ExtensionPoint {

    /** Must not put a secret in an exception message. */
    @NonNull
    public abstract TokenCredential tokenCredential(@NonNull AzureBaseCredentials credentials);

    /** The installed source with the highest ordinal. */
    @NonNull
    static AzureTokenCredentials get() {
        return ExtensionList.lookup(AzureTokenCredentials.class).get(0);
    }

    /** The Azure Credentials plugin's own token credential. */
    @OptionalExtension(requirePlugins = "azure-credentials", ordinal = -100)
    public static final class FromAzureCredentialsPlugin extends AzureTokenCredentials {

        @NonNull
        @Override
        public TokenCredential tokenCredential(@NonNull AzureBaseCredentials credentials) {
            return AzureCredentials.getTokenCredential(credentials);
        }
    }
}
