package io.jenkins.plugins.finetune.calls;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.finetune.client.BearerTokenCredential;
import io.jenkins.plugins.finetune.client.HttpClientTransport;
import io.jenkins.plugins.finetune.client.HttpOptions;
import io.jenkins.plugins.finetune.client.ManagedIdentityTokenSource;
import io.jenkins.plugins.finetune.client.ProxyOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What an agent's JVM keeps between exchanges: one HTTP client per setting (connections are reused, as on the
 * controller), with the proxy the agent's environment names ({@code https_proxy}, {@code no_proxy}, as curl reads
 * them), and one managed-identity credential per identity, so that its token is asked for once per lifetime rather
 * than once per call (IMDS throttles). Only ever used inside the agent's JVM, by {@link AgentExchange}.
 */
final class AgentSide {

    /** Settings rarely differ; past this many, start again rather than grow. */
    private static final int MAX_ENTRIES = 16;

    private static final Logger LOGGER = Logger.getLogger(AgentSide.class.getName());

    private static final Map<String, HttpClientTransport> TRANSPORTS = new ConcurrentHashMap<>();
    private static final Map<AgentRoute, BearerTokenCredential> IDENTITIES = new ConcurrentHashMap<>();

    private AgentSide() {}

    @NonNull
    static HttpClientTransport transport(@NonNull AgentExchange.Settings settings, @NonNull String scheme) {
        String key = settings + " " + scheme;
        HttpClientTransport transport = TRANSPORTS.get(key);
        if (transport != null) {
            return transport;
        }
        if (TRANSPORTS.size() >= MAX_ENTRIES) {
            TRANSPORTS.values().forEach(AgentSide::closeQuietly);
            TRANSPORTS.clear();
        }
        return TRANSPORTS.computeIfAbsent(
                key,
                k -> HttpClientTransport.create(
                        HttpOptions.builder()
                                .connectTimeout(Duration.ofSeconds(settings.connectTimeoutSeconds()))
                                .responseTimeout(Duration.ofSeconds(settings.responseTimeoutSeconds()))
                                .exchangeTimeout(Duration.ofSeconds(settings.exchangeTimeoutSeconds()))
                                .build(),
                        ProxyOptions.fromEnvironment(System.getenv(), scheme),
                        settings.userAgentSuffix()));
    }

    @NonNull
    static BearerTokenCredential managedIdentity(@NonNull AgentRoute route) {
        if (IDENTITIES.size() >= MAX_ENTRIES) {
            IDENTITIES.clear();
        }
        return IDENTITIES.computeIfAbsent(
                new AgentRoute("", route.identityClientId(), route.identityScope()),
                r -> new BearerTokenCredential(
                        ManagedIdentityTokenSource.fromEnvironment(System.getenv(), r.identityClientId()),
                        Objects.requireNonNull(r.identityScope(), "a managed identity's route names its scope"),
                        BearerTokenCredential.DEFAULT_REFRESH_BEFORE_EXPIRY,
                        Clock.systemUTC()));
    }

    private static void closeQuietly(HttpClientTransport transport) {
        try {
            transport.close();
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "could not close an HTTP client", e);
        }
    }
}
