package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * by every step, build step, poll and build. Both are bounded twice: entries unused for {@link #IDLE_TIME}
 * (default 10 minutes) are dropped, and neither holds more than {@link #MAX_SIZE} entries (default 64), so a
 * Pipeline that loops over host names cannot open a connection pool per host until the controller runs out of
 * file descriptors. A client is never closed while a {@link ClientLease} on it is open; every client is closed
 * when Jenkins shuts down.
 *
 * <p>Only what a call has already looked up comes here: credentials are still found per call, as the build,
 * with the endpoint's domain requirements, and tracked (see {@link FoundryCall}); the cache merely turns
 * credentials it was handed into a client, so it can never give a job a credential that job cannot see.
 *
 * <p>The size bound is Caffeine's (the caffeine-api plugin): {@code maximumSize} evicts by frequency and
 * recency, and its removal listener only <em>retires</em> a client ({@link SharedClient#retire}): no new lease,
 * closed at once if none is open, else when the last one closes. So an eviction never closes a client a call
 * still uses; it only means the next call for that key builds a new one. The idle bound is not Caffeine's
 * {@code expireAfterAccess}: what makes a client idle here is "no lease open, and none for the idle time",
 * which an access-time expiry does not see (a long call holds its lease without touching the cache), so a
 * {@link Timer} sweep checks the leases and removes idle entries through the same listener. Caffeine runs its
 * maintenance and the listener on the calling thread ({@code executor(Runnable::run)}), so the bound holds when
 * {@link #lease} returns, not some time later.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class ClientCache {

    /** Seconds an unused client or credential is kept (system property; tests shorten it). */
    public static final String IDLE_TIME = ClientCache.class.getName() + ".idleSeconds";

    /**
     * The most clients, and the most credentials, kept at once (system property, read when Jenkins starts; at
     * least 1). Each client is a connection pool; calls beyond it still work, with a client that is closed when
     * they are done.
     */
    public static final String MAX_SIZE = ClientCache.class.getName() + ".maxSize";

    static final int DEFAULT_MAX_SIZE = 64;
    private static final long DEFAULT_IDLE_SECONDS = Duration.ofMinutes(10).toSeconds();
    private static final Logger LOGGER = Logger.getLogger(ClientCache.class.getName());

    private final Cache<ClientKey, SharedClient> clients = Caffeine.newBuilder()
            .maximumSize(maxSize())
            .executor(Runnable::run)
            .removalListener(ClientCache::retireRemoved)
            .build();
    private final Cache<CredentialKey, SharedCredential> credentials =
            Caffeine.newBuilder().maximumSize(maxSize()).executor(Runnable::run).build();
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
                credentials.get(key, k -> new SharedCredential(k, resolver.resolve(found, tokenScope)));
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
        startSweeping();
        while (true) {
            // A new client is leased as it is made: Caffeine may evict it before get() returns (a full cache
            // admits a key only once it has been asked for more often than the one it would push out), and an
            // evicted client with this lease open is still this call's, closed when the call is done.
            AtomicReference<SharedClient> made = new AtomicReference<>();
            SharedClient shared = clients.get(key, k -> {
                SharedClient fresh = new SharedClient(k, Clients.create(k, credential.credential(), proxy));
                fresh.acquire();
                made.set(fresh);
                return fresh;
            });
            if (shared == made.get() || shared.acquire()) {
                return new ClientLease(shared);
            }
            clients.asMap().remove(key, shared); // retired between the look-up and the lease: make a new one
        }
    }

    /** Drops what has not been used for the idle time, closing clients with no lease open. */
    void sweep() {
        long cutoff = System.nanoTime() - idleTime().toNanos();
        // Credentials first: a credential is idle no later than its clients (a lease touches it as it starts).
        credentials.asMap().values().removeIf(shared -> shared.idleSince(cutoff));
        clients.asMap().forEach((key, shared) -> {
            if (shared.retireIfIdleSince(cutoff)) {
                clients.asMap().remove(key, shared); // the listener closes it: retired with no lease open
                LOGGER.log(Level.FINE, "Closed the idle client {0}", key);
            }
        });
    }

    /** Caffeine's removal listener: an evicted or removed client takes no new lease and closes when it is free. */
    private static void retireRemoved(
            @CheckForNull ClientKey key, @CheckForNull SharedClient shared, @NonNull RemovalCause cause) {
        if (shared != null) {
            shared.retire();
            if (cause.wasEvicted()) {
                LOGGER.log(Level.FINE, "Evicted the client {0} ({1})", new Object[] {key, cause});
            }
        }
    }

    /** Closes every client (those with a lease open when their last lease closes) and forgets every credential. */
    synchronized void closeAll() {
        closed = true;
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        List<SharedClient> all = new ArrayList<>(clients.asMap().values());
        clients.invalidateAll(); // the listener retires each
        credentials.invalidateAll();
        for (SharedClient shared : all) {
            shared.retire(); // again, harmlessly: whatever the listener did, each is retired when this returns
        }
    }

    /** Clients in the cache now (for tests); evicted clients still leased are not among them. */
    List<SharedClient> clients() {
        clients.cleanUp();
        return List.copyOf(clients.asMap().values());
    }

    /** Credentials shared now (for tests). */
    List<SharedCredential> credentials() {
        credentials.cleanUp();
        return List.copyOf(credentials.asMap().values());
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

    private static long maxSize() {
        return Math.max(1, SystemProperties.getLong(MAX_SIZE, (long) DEFAULT_MAX_SIZE));
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
