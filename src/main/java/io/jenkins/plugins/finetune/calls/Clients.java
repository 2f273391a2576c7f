package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.PluginWrapper;
import hudson.ProxyConfiguration;
import hudson.Util;
import hudson.util.Secret;
import io.jenkins.plugins.finetune.Messages;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FineTuningClientBuilder;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.client.FoundryEndpoint;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.client.ProxyOptions;
import io.jenkins.plugins.finetune.client.Transport;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import java.time.Duration;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Builds {@link FineTuningClient}s from Jenkins settings: HTTP options, Jenkins' proxy, User-Agent. */
@Restricted(NoExternalUse.class)
public final class Clients {

    private static final String PLUGIN_NAME = "foundry-fine-tuning";

    /**
     * {@code true} lets Jenkins call plain {@code http} endpoints on loopback hosts (a local emulator in tests
     * and dry runs). Off by default: keys and tokens then only travel over https.
     */
    public static final String ALLOW_LOOPBACK_HTTP = "io.jenkins.plugins.finetune.allowLoopbackHttp";

    private Clients() {}

    /**
     * @throws IllegalArgumentException naming the field, for an invalid endpoint or api-version
     */
    @NonNull
    public static FineTuningClient create(
            @NonNull String endpoint,
            @CheckForNull String apiVersion,
            @NonNull FoundryCredential credential,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds,
            int maxRetries) {
        return build(
                endpoint,
                apiVersion,
                credential,
                connectTimeoutSeconds,
                responseTimeoutSeconds,
                FoundryFineTuningConfiguration.get().getExchangeTimeoutSeconds(),
                maxRetries,
                Jenkins.get().getProxy(),
                userAgentSuffix(),
                null);
    }

    /** The client a {@link ClientCache} shares under {@code key}, built from exactly what the key says. */
    @NonNull
    static FineTuningClient create(
            @NonNull ClientKey key, @NonNull FoundryCredential credential, @CheckForNull ProxyConfiguration proxy) {
        AgentRoute agent = key.agent();
        return build(
                key.baseUrl(),
                key.apiVersion(),
                credential,
                key.connectTimeoutSeconds(),
                key.responseTimeoutSeconds(),
                key.exchangeTimeoutSeconds(),
                key.maxRetries(),
                proxy,
                key.userAgentSuffix(),
                agent == null
                        ? null
                        : new AgentTransport(
                                agent,
                                new AgentExchange.Settings(
                                        key.connectTimeoutSeconds(),
                                        key.responseTimeoutSeconds(),
                                        key.exchangeTimeoutSeconds(),
                                        key.userAgentSuffix())));
    }

    private static FineTuningClient build(
            String endpoint,
            String apiVersion,
            FoundryCredential credential,
            int connectTimeoutSeconds,
            int responseTimeoutSeconds,
            int exchangeTimeoutSeconds,
            int maxRetries,
            ProxyConfiguration proxy,
            String userAgentSuffix,
            @CheckForNull Transport transport) {
        checkScheme(FoundryEndpoint.parse(endpoint));
        FineTuningClientBuilder builder = FineTuningClient.builder();
        if (transport != null) {
            builder.transport(transport); // an agent's calls: its own proxy environment, not Jenkins'
        } else {
            builder.proxy(proxy(proxy));
        }
        return builder.endpoint(endpoint)
                .apiVersion(apiVersion)
                .credential(credential)
                .httpOptions(HttpOptions.builder()
                        .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                        .responseTimeout(Duration.ofSeconds(responseTimeoutSeconds))
                        .exchangeTimeout(Duration.ofSeconds(exchangeTimeoutSeconds))
                        .maxRetries(maxRetries)
                        .build())
                .userAgentSuffix(userAgentSuffix)
                .failOnIncompleteListing(true) // a listing cut short fails the step rather than look complete
                .build();
    }

    /**
     * Refuses plain http unless {@link #ALLOW_LOOPBACK_HTTP} is set; the client itself already refuses http to
     * any host but loopback.
     *
     * @throws IllegalArgumentException naming the field and why
     */
    public static void checkScheme(@NonNull FoundryEndpoint endpoint) {
        if (!endpoint.isHttps() && !SystemProperties.getBoolean(ALLOW_LOOPBACK_HTTP)) {
            throw new IllegalArgumentException(Messages.Clients_PlainHttpRefused(endpoint.host(), ALLOW_LOOPBACK_HTTP));
        }
    }

    /** Jenkins' HTTP proxy (Manage Jenkins » Plugins » Advanced) as client options; {@code null}: direct. */
    @CheckForNull
    public static ProxyOptions proxy(@CheckForNull ProxyConfiguration proxy) {
        if (proxy == null || Util.fixEmptyAndTrim(proxy.getName()) == null) {
            return null;
        }
        ProxyOptions.Builder builder = ProxyOptions.builder(proxy.getName().trim(), proxy.getPort());
        String userName = Util.fixEmptyAndTrim(proxy.getUserName());
        if (userName != null) {
            builder.credentials(userName, Secret.toString(proxy.getSecretPassword()));
        }
        builder.noProxyHosts(proxy.getNoProxyHostPatterns());
        return builder.build();
    }

    @NonNull
    static String userAgentSuffix() {
        Jenkins jenkins = Jenkins.get();
        PluginWrapper plugin = jenkins.getPluginManager().getPlugin(PLUGIN_NAME);
        String version = plugin == null ? "unknown" : plugin.getVersion();
        return "jenkins-" + PLUGIN_NAME + "/" + version + " jenkins/" + Jenkins.VERSION;
    }

    @CheckForNull
    public static String firstNonBlank(String... values) {
        for (String value : values) {
            String trimmed = Util.fixEmptyAndTrim(value);
            if (trimmed != null) {
                return trimmed;
            }
        }
        return null;
    }
}
