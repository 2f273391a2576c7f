package io.jenkins.plugins.finetune.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.Messages;
import java.util.Locale;

/**
 * The Azure clouds Azure AI Foundry runs in, each with its own Microsoft Entra ID scope for data-plane calls.
 * A service principal or managed identity of one cloud cannot get a token for another cloud's scope.
 */
public enum AzureCloud {
    AZURE_PUBLIC("https://cognitiveservices.azure.com/.default", "Azure"),
    AZURE_US_GOVERNMENT("https://cognitiveservices.azure.us/.default", "Azure US Government"),
    AZURE_CHINA("https://cognitiveservices.azure.cn/.default", "Azure China");

    private final String scope;
    private final String environmentName;

    AzureCloud(String scope, String environmentName) {
        this.scope = scope;
        this.environmentName = environmentName;
    }

    @NonNull
    public String getDisplayName() {
        return switch (this) {
            case AZURE_PUBLIC -> Messages.AzureCloud_AzurePublic();
            case AZURE_US_GOVERNMENT -> Messages.AzureCloud_AzureUsGovernment();
            case AZURE_CHINA -> Messages.AzureCloud_AzureChina();
        };
    }

    /** The Entra ID scope of Azure AI Foundry / Azure OpenAI in this cloud. */
    @NonNull
    public String scope() {
        return scope;
    }

    /**
     * The cloud of an Azure Credentials plugin environment name ({@code Azure}, {@code Azure US Government},
     * {@code Azure China}); blank means the public cloud, as that plugin defaults. {@code null}: a cloud without
     * Azure AI Foundry (e.g. the retired {@code Azure Germany}).
     */
    @CheckForNull
    public static AzureCloud forEnvironmentName(@CheckForNull String name) {
        if (name == null || name.isBlank()) {
            return AZURE_PUBLIC;
        }
        for (AzureCloud cloud : values()) {
            if (cloud.environmentName.equalsIgnoreCase(name.trim())) {
                return cloud;
            }
        }
        return null;
    }

    /** By enum name, case-insensitive; blank: {@code null}. */
    @CheckForNull
    public static AzureCloud parse(@CheckForNull String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.AzureCloud_Unknown());
        }
    }
}
