package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ProxyConfiguration;
import hudson.Util;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;

/**
 * What makes one shared client different from another: where it calls, with which credential, and every
 * setting it is built with. Two calls with equal keys may share a client; a changed setting (a new proxy, a
 * new timeout, a rotated secret) gives another key, so the next call builds a client with it.
 *
 * @param agent {@code null}: calls from the controller; else the agent that makes them (with its own proxy)
 * @param proxy {@code null}: no proxy (or an agent's); else its host, port, user name, no-proxy hosts and an HMAC of its
 *     password (never the password)
 */
record ClientKey(
        @NonNull String baseUrl,
        @NonNull String apiVersion,
        @NonNull CredentialKey credential,
        int connectTimeoutSeconds,
        int responseTimeoutSeconds,
        int exchangeTimeoutSeconds,
        int maxRetries,
        @CheckForNull String proxy,
        @NonNull String userAgentSuffix,
        @CheckForNull AgentRoute agent) {

    /** The key of a call to this connection now, with the global configuration's HTTP options. */
    @NonNull
    static ClientKey of(
            @NonNull Connection connection,
            @NonNull CredentialKey credential,
            @NonNull FoundryFineTuningConfiguration global,
            @CheckForNull ProxyConfiguration proxy,
            @CheckForNull AgentRoute agent) {
        return new ClientKey(
                connection.endpoint().baseUrl(),
                connection.apiVersion(),
                credential,
                global.getConnectTimeoutSeconds(),
                global.getResponseTimeoutSeconds(),
                global.getExchangeTimeoutSeconds(),
                global.getMaxRetries(),
                agent == null ? describe(proxy) : null, // an agent uses its own environment's proxy
                Clients.userAgentSuffix(),
                agent);
    }

    @CheckForNull
    private static String describe(@CheckForNull ProxyConfiguration proxy) {
        if (proxy == null || Util.fixEmptyAndTrim(proxy.getName()) == null) {
            return null;
        }
        String password = Secret.toString(proxy.getSecretPassword());
        return proxy.getName().trim() + ":" + proxy.getPort() + " user=" + Util.fixNull(proxy.getUserName())
                + " noProxy=" + Util.fixNull(proxy.getNoProxyHost()).trim()
                + (password.isEmpty() ? "" : " password#" + CredentialFingerprint.ofText(password));
    }

    @Override
    public String toString() {
        return "ClientKey[" + baseUrl + " api-version=" + apiVersion + ", " + credential + ", connect="
                + connectTimeoutSeconds + "s, response=" + responseTimeoutSeconds + "s, exchange="
                + exchangeTimeoutSeconds
                + "s, retries=" + maxRetries
                + ", proxy="
                + (proxy == null ? "none" : proxy.replaceAll("password#([0-9a-f]{8})[0-9a-f]+", "password#$1"))
                + (agent == null ? "" : ", from " + agent.describe()) + "]";
    }
}
