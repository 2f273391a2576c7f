package io.jenkins.plugins.finetune.client;

/**
 * Where bearer tokens come from, e.g. an azure-identity {@code TokenCredential} adapted with a
 * lambda. Called only when no cached token is fresh enough.
 */
@FunctionalInterface
public interface AccessTokenSource {

    /** A token for the given scope ({@link FoundryCredential#COGNITIVE_SERVICES_SCOPE}). */
    AccessToken getToken(String scope) throws Exception;
}
