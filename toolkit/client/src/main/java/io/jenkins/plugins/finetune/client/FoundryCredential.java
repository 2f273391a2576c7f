package io.jenkins.plugins.finetune.client;

import java.util.List;

/**
 * How requests prove who they are: an {@link ApiKeyCredential} ({@code api-key} header) or a
 * {@link BearerTokenCredential} ({@code Authorization: Bearer}, Microsoft Entra ID).
 *
 * <p>The header is produced inside this package only, so that no caller can read a secret back out
 * of a credential object; {@code toString()} never shows one.
 */
public abstract class FoundryCredential {

    /** The Entra ID scope of Azure AI Foundry / Azure OpenAI data-plane calls. */
    public static final String COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

    FoundryCredential() {
        // Only the two kinds in this package.
    }

    /** Name of the header to send. */
    abstract String headerName();

    /** Value of the header to send; may obtain or refresh a token. */
    abstract String headerValue();

    /** What to check when Azure answers 401 to this kind of credential (no secret in it). */
    abstract String rejectionAdvice(FoundryEndpoint endpoint);

    /** Every secret this credential has handed out, so that messages can be scrubbed of them. */
    abstract List<String> secrets();
}
