package io.jenkins.plugins.finetune.client;

import java.util.List;

/** An Azure AI Foundry resource key, sent as the {@code api-key} header. */
public final class ApiKeyCredential extends FoundryCredential {

    private final SecretValue apiKey;

    /** @throws IllegalArgumentException if the key is blank */
    public ApiKeyCredential(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(
                    "apiKey: is empty; supply the resource's key (Keys and Endpoint page of the Azure resource)");
        }
        if (apiKey.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "apiKey: contains a line break or control character; copy the key again without them");
        }
        this.apiKey = SecretValue.of(apiKey.trim());
    }

    @Override
    String headerName() {
        return "api-key";
    }

    @Override
    String headerValue() {
        return apiKey.reveal();
    }

    @Override
    String rejectionAdvice(FoundryEndpoint endpoint) {
        return "Check that the key is one of the two keys of the resource at " + endpoint.baseUrl()
                + " (Keys and Endpoint page of the resource in the Azure portal).";
    }

    @Override
    List<String> secrets() {
        return List.of(apiKey.reveal());
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[****]";
    }
}
