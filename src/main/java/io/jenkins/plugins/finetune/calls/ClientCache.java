package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.init.Terminator;
import io.jenkins.plugins.finetune.client.FineTuningClient;
import io.jenkins.plugins.finetune.client.FoundryCredential;
import io.jenkins.plugins.finetune.configuration.FoundryFineTuningConfiguration;
import io.jenkins.plugins.finetune.credentials.FoundryCredentialResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's shared clients and client credentials: one {@link FineTuningClient} (one connection pool)
 * per {@link ClientKey}, and one {@link FoundryCredential} (one token cache) per {@link CredentialKey}, reused
 * by every step, build step, poll and build. Entries unused for {@link #IDLE_TIME} (default 10 minutes) are
 * dropped and their clients closed; a client is never closed while a {@link ClientLease} on it is open; every
 * client is closed when Jenkins shuts down.
 *
 * <p>Only what a call has already looked up comes here: credentials are still found per call, as the build,
 * with the endpoint's domain requirements, and tracked (see {@link FoundryCall}); the cache merely turns
 * credentials it was handed into a client, so it can never give a job a credential that job cannot see.
 *
 * <p>A small map and a {@link Timer} sweep rather than a cache library: what decides eviction here is "no
 * lease open, and none for the idle time", which an access-time expiry (e.g. Caffeine's) does not express: it
 * would drop a client that a long call still holds and build a second one for the same key.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class ClientCache {

    /** Seconds an unused client or credential is kept (system property; tests shorten it). */
    public static final String IDLE_TIME = ClientCache.class.getName() + ".idleSeconds";

    private static final long DEFAULT_IDLE_SECONDS = Duration.ofMinutes(10).toSeconds();
    private static final Logger LOGGER = Logger.getLogger(ClientCache.class.getName());

    private final Map<ClientKey, SharedClient> clients = new ConcurrentHashMap<>();
    private final Map<CredentialKey, SharedCredential> credentials = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    @NonNull
    public static ClientCache get() {
        return ExtensionList.lookupSingleton(ClientCache.class);
    }

    /**
     * The shared client credential for credentials a call has looked up (and may use): the one already made for
     * the same credentials, secret and scope, else a new one from the resolver.
     *
     * @throws RuntimeException what the resolver throws (no secret in it); nothing is kept then
     */
    @NonNull
    public SharedCredential credential(
            @NonNull StandardCredentials found,
            @NonNull FoundryCredentialResolver resolver,
            @CheckForNull String tokenScope) {
        CredentialKey key = new CredentialKey(found.getId(), CredentialFingerprint.of(found), tokenScope);
        SharedCredential shared =
                credentials.computeIfAbsent(key, k -> new SharedCredential(k, resolver.resolve(found, tokenScope)));
        shared.touch();
        startSweeping();
        return shared;
    }

    /**
     * A lease on the shared client for this connection and credential, with the global configuration's HTTP
     * options and Jenkins' proxy as they are now; close it when the call is done.
     *
     * @throws IllegalArgumentException naming the field, for an endpoint or api-version the client refuses
     */
    @NonNull
    public ClientLease lease(@NonNull Connection connection, @NonNull SharedCredential credential) {
        return lease(connection, credential, null);
    }

    /** As {@link #lease(Connection, SharedCredential)}, for calls made from {@code agent} ({@code null}: here). */
    @NonNull
    public ClientLease lease(
            @NonNull Connection connection, @NonNull SharedCredential credential, @CheckForNull AgentRoute agent) {
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        ClientKey key = ClientKey.of(connection, credential.key(), FoundryFineTuningConfiguration.get(), proxy, agent);
        credential.touch();
        if (closed) {
            // Jenkins is shutting down: a client of this call's own, closed when the call is done.
            SharedClient own = new SharedClient(key, Clients.create(key, credential.credential(), proxy));
            own.acquire();
            own.retire();
            return new ClientLease(own);
        }
        while (true) {
            SharedClient shared = clients.computeIfAbsent(
                    key, k -> new SharedClient(k, Clients.create(k, credential.credential(), proxy)));
            if (shared.acquire()) {
                startSweeping();
                return new ClientLease(shared);
            }
            clients.remove(key, shared); // retired between the look-up and the lease: make a new one
        }
    }

    /** Drops what has not been used for the idle time, closing clients with no lease open. */
    void sweep() {
        long cutoff = System.nanoTime() - idleTime().toNanos();
        clients.forEach((key, shared) -> {
            if (shared.retireIfIdleSince(cutoff)) {
                clients.remove(key, shared);
                shared.closeClient();
                LOGGER.log(Level.FINE, "Closed the idle client {0}", key);
            }
        });
        credentials.values().removeIf(shared -> shared.idleSince(cutoff));
    }

    /** Closes every client (those with a lease open when their last lease closes) and forgets every credential. */
    synchronized void closeAll() {
        closed = true;
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        List<SharedClient> all = new ArrayList<>(clients.values());
        clients.clear();
        credentials.clear();
        for (SharedClient shared : all) {
            shared.retire();
        }
    }

    /** Clients open now (for tests). */
    List<SharedClient> clients() {
        return List.copyOf(clients.values());
    }

    /** Credentials shared now (for tests). */
    List<SharedCredential> credentials() {
        return List.copyOf(credentials.values());
    }

    @Terminator
    public static void closeAllOnShutdown() {
        for (ClientCache cache : ExtensionList.lookup(ClientCache.class)) {
            cache.closeAll();
        }
    }

    private synchronized void startSweeping() {
        if (sweeper != null || closed) {
            return;
        }
        long period = Math.max(
                100, Math.min(idleTime().toMillis() / 2, Duration.ofMinutes(1).toMillis()));
        sweeper = Timer.get().scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not sweep the idle Azure AI Foundry clients", e);
        }
    }

    private static Duration idleTime() {
        return Duration.ofSeconds(Math.max(1, SystemProperties.getLong(IDLE_TIME, DEFAULT_IDLE_SECONDS)));
    }

    /** A client and the leases open on it; retired (no new leases) when evicted, closed once retired and free. */
    static final class SharedClient {
        private final ClientKey key;
        private final FineTuningClient client;
        private int leases;
        private long freeSinceNanos = System.nanoTime();
        private boolean retired;
        private boolean clientClosed;

        SharedClient(@NonNull ClientKey key, @NonNull FineTuningClient client) {
            this.key = key;
            this.client = client;
        }

        ClientKey key() {
            return key;
        }

        FineTuningClient client() {
            return client;
        }

        synchronized boolean acquire() {
            if (retired) {
                return false;
            }
            leases++;
            return true;
        }

        void release() {
            boolean close;
            synchronized (this) {
                leases--;
                freeSinceNanos = System.nanoTime();
                close = retired && leases == 0;
            }
            if (close) {
                closeClient();
            }
        }

        synchronized boolean retireIfIdleSince(long cutoffNanos) {
            if (retired || leases > 0 || freeSinceNanos - cutoffNanos >= 0) {
                return false;
            }
            retired = true;
            return true;
        }

        /** No new leases; closed now if none is open, else when the last one closes. */
        void retire() {
            boolean close;
            synchronized (this) {
                retired = true;
                close = leases == 0;
            }
            if (close) {
                closeClient();
            }
        }

        void closeClient() {
            synchronized (this) {
                if (clientClosed) {
                    return;
                }
                clientClosed = true;
            }
            try {
                client.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "Could not close " + key, e);
            }
        }

        synchronized boolean isClosed() {
            return clientClosed;
        }

        synchronized int leases() {
            return leases;
        }

        @Override
        public String toString() {
            return "SharedClient[" + key + ", leases=" + leases() + "]";
        }
    }
}
